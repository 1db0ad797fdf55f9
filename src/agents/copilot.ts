/**
 * The dispatcher copilot: a chat agent that answers from read tools over the live operation and acts only through
 * the policy gate, on behalf of the chatting user. The same nodes run with the offline model and with ChatOpenAI.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { ToolInputParsingException } from '@langchain/core/tools';
import type { Ports } from '../connectors/index.ts';
import { type Clock, MarshalError } from '../domain/index.ts';
import type { Actor, Governance } from '../governance/index.ts';
import type { Lexicon } from '../llm/intent/index.ts';
import { createChatModel, type ChatModelChoice, type ModelLog, OfflineChatModel } from '../llm/index.ts';
import type { Store } from '../store/index.ts';
import { type ActOutcome, type CarrierInfo, copilotToolList, copilotTools, type KnowledgeSearch } from '../tools/copilot/index.ts';
import { copilotGovernance } from './copilot/governance.ts';
import { guardAct } from './copilot/guard.ts';
import { SYSTEM_PROMPT } from './copilot/prompt.ts';
import { copilotRules } from './copilot/rules.ts';
import { toolContent } from './copilot/tool-content.ts';

export { copilotRules } from './copilot/rules.ts';
export { capabilities, SYSTEM_PROMPT } from './copilot/prompt.ts';
export { readToolContent } from './copilot/tool-content.ts';

/** Tool rounds in one turn before the model must answer with what it has. */
export const MAX_TOOL_ROUNDS = 4;
/** Messages of the conversation a model sees (the latest, from a user message on). */
const HISTORY = 24;

export interface CopilotDeps {
  ports: Ports;
  store: Store;
  clock: Clock;
  governance: Governance;
  tenant: string;
  carriers: readonly CarrierInfo[];
  depots: readonly { id: string; name: string }[];
  knowledge?: KnowledgeSearch;
  /** The chat model (ChatOpenAI or the copilot's offline model) and its id. */
  chat: ChatModelChoice;
  /** Where a model's failure is recorded; the turn then goes on with the offline rules. */
  log: ModelLog;
  /** After an act (an approval, a submitted proposal): resume a paused run, deliver the outbox. */
  afterAct?: (outcome: ActOutcome) => Promise<void>;
}

/** Who is chatting in this turn, and the turn's id (proposals made in it hash it, so a re-run proposes the same id). */
export interface CopilotTurn {
  user: Actor;
  conversationId: string;
  turnId: string;
}

/** The names the offline parser recognises: the tenant's carriers, depots and vehicle ids. */
export function copilotLexicon(deps: Pick<CopilotDeps, 'carriers' | 'depots' | 'store' | 'tenant'>): Lexicon {
  const vehicleIds = deps.store.vehicles.list(deps.tenant, { limit: 1000 }).items.map((v) => v.id);
  return { carriers: deps.carriers.map((c) => ({ id: c.id, name: c.name })), depots: deps.depots, vehicleIds };
}

/** The copilot's chat model from the environment: ChatOpenAI with a key or base URL, else the offline model with the copilot's rules. */
export function createCopilotModel(env: Record<string, string | undefined>, lexicon: () => Lexicon, clock: Clock, options: { maxRetries?: number; timeoutMs?: number } = {}): ChatModelChoice {
  return createChatModel(env, { rules: copilotRules(lexicon, clock), ...options });
}

/** The latest user message's text. */
export function lastUserText(messages: readonly BaseMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.getType() === 'human') return messages[i]!.text;
  return '';
}

function lastHumanIndex(messages: readonly BaseMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.getType() === 'human') return i;
  return messages.length;
}

/** Tool rounds since the latest user message. */
function roundsSinceUser(messages: readonly BaseMessage[]): number {
  let n = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]!.getType() !== 'human'; i--) if (messages[i] instanceof ToolMessage && messages[i - 1]?.getType() === 'ai') n++;
  return n;
}

/** The conversation a model sees: the system prompt, then the latest messages starting at a user message. */
function window(messages: readonly BaseMessage[]): BaseMessage[] {
  let start = Math.max(0, messages.length - HISTORY);
  while (start > 0 && messages[start]!.getType() !== 'human') start--;
  return [new SystemMessage(SYSTEM_PROMPT), ...messages.slice(start)];
}

/** The copilot's two graph nodes: the model choosing tools or answering, and the tools running (acts guarded). */
export function copilotNodes(deps: CopilotDeps) {
  // Read per message: a vehicle added to the fleet is known at once.
  const lexicon = () => copilotLexicon(deps);
  const offline = new OfflineChatModel(copilotRules(lexicon, deps.clock));

  // One tool set per turn, shared by the model's calls and the tool node; acts done through it are collected for afterAct.
  let current: { turnId: string; tools: ReturnType<typeof copilotTools>; acts: ActOutcome[] } | undefined;
  function toolsFor(turn: CopilotTurn) {
    if (current?.turnId === turn.turnId) return current;
    const acts: ActOutcome[] = [];
    const tools = copilotTools({
      ports: deps.ports, store: deps.store, clock: deps.clock, tenant: deps.tenant, agent: 'copilot',
      trigger: { kind: 'chat', eventId: turn.turnId, actor: turn.user.id },
      user: { id: turn.user.id, role: turn.user.role },
      governance: copilotGovernance(deps.governance, turn.user, `copilot:${turn.conversationId}`, (o) => acts.push(o), deps.chat.modelId),
      carriers: deps.carriers, ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
    });
    current = { turnId: turn.turnId, tools, acts };
    return current;
  }

  async function callModel(model: BaseChatModel, messages: BaseMessage[], withTools: boolean, turn: CopilotTurn): Promise<AIMessage> {
    const tools = copilotToolList(toolsFor(turn).tools);
    const runnable = withTools && model.bindTools ? model.bindTools(tools) : model;
    // The offline rules read only the current turn; the rest of the chat would only be hashed into the message id.
    const seen = model instanceof OfflineChatModel ? [messages[0]!, ...messages.slice(lastHumanIndex(messages))] : messages;
    const answer = await runnable.invoke(seen);
    // Our own id, unique in the conversation: the messages reducer replaces a message whose id it has seen, and a
    // server may reuse its completion ids (the offline model gives the same id to the same answer).
    const id = `ai-${turn.turnId}-${messages.length}`;
    return new AIMessage({ content: answer.content, tool_calls: answer.tool_calls ?? [], id, response_metadata: answer.response_metadata });
  }

  return {
    /** The model's turn: tool calls, or the answer. A failed model call falls back to the offline rules, logged. */
    async agent(messages: readonly BaseMessage[], turn: CopilotTurn): Promise<AIMessage> {
      const seen = window(messages);
      const withTools = roundsSinceUser(messages) < MAX_TOOL_ROUNDS;
      if (deps.chat.offline) return callModel(deps.chat.model, seen, withTools, turn);
      try {
        return await callModel(deps.chat.model, seen, withTools, turn);
      } catch (error) {
        deps.log({ call: 'copilot.agent', reason: 'api_error', detail: (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500), modelId: deps.chat.modelId });
        return callModel(offline, seen, withTools, turn);
      }
    },

    /** Runs the tool calls of the last model message; errors a caller can fix come back as messages, acts are guarded. */
    async tools(messages: readonly BaseMessage[], turn: CopilotTurn): Promise<ToolMessage[]> {
      const last = messages.at(-1);
      const calls = last instanceof AIMessage ? last.tool_calls ?? [] : [];
      const { tools, acts } = toolsFor(turn);
      const byName = new Map(copilotToolList(tools).map((t) => [t.name, t]));
      const userText = lastUserText(messages);
      const out: ToolMessage[] = [];
      let allowedActs = 0;
      for (const call of calls) {
        const reply = (result: { ok: unknown } | { error: string }) => out.push(new ToolMessage({
          tool_call_id: call.id ?? `${call.name}-${out.length}`, name: call.name, content: toolContent(result), status: 'error' in result ? 'error' : 'success',
        }));
        const tool = byName.get(call.name);
        if (!tool) {
          reply({ error: `no tool named '${call.name}'` });
          continue;
        }
        if (tool.effect === 'act') {
          const verdict = guardAct({ name: call.name, args: call.args }, userText, lexicon(), allowedActs);
          if (!verdict.allow) {
            reply({ error: `refused: ${verdict.reason}` });
            continue;
          }
          allowedActs++;
        }
        try {
          reply({ ok: await tool.invoke(call.args) });
        } catch (error) {
          // Bad arguments, an unknown id, a role the review code refuses: the model (or the user) can read and fix these.
          if (error instanceof MarshalError || error instanceof ToolInputParsingException) reply({ error: error.message });
          else throw error;
        }
      }
      for (const act of acts.splice(0)) await deps.afterAct?.(act);
      return out;
    },
  };
}

export type CopilotNodes = ReturnType<typeof copilotNodes>;

/** The user's message as the conversation stores it. */
export function userMessage(text: string, turnId: string): HumanMessage {
  return new HumanMessage({ content: text, id: `human-${turnId}` });
}
