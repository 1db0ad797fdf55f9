/**
 * The copilot graph: model and tools in a loop, one LangGraph thread per conversation (checkpointed, so a conversation
 * survives restarts), and a turn streamed as events: steps, tool calls, tool results, answer tokens, the answer.
 */
import { randomUUID } from 'node:crypto';
import { type BaseMessage, type BaseMessageChunk, isAIMessageChunk, RemoveMessage, ToolMessage } from '@langchain/core/messages';
import { type BaseCheckpointSaver, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { z } from 'zod';
import { type CopilotDeps, copilotNodes, type CopilotTurn, readToolContent, userMessage } from '../agents/copilot.ts';
import { NotFoundError } from '../domain/index.ts';

/** Longest message a user may send, in characters. */
export const MAX_MESSAGE_CHARS = 8000;

/** A conversation id as clients send it back. */
export const ConversationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _');

/** A chat request as the API and the CLI take it. */
export const CopilotRequest = z.object({
  message: z.string().refine((m) => m.trim().length > 0, 'must not be empty: ask a question or give a command')
    .refine((m) => m.length <= MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`),
  conversationId: ConversationId.optional().describe('continue this conversation; leave out to start one (its id comes in the start event)'),
});
export type CopilotRequest = z.infer<typeof CopilotRequest>;

/** What a turn reports while it runs, in order; the last is `answer` (or `error`). */
export const CopilotEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), conversationId: z.string(), turnId: z.string(), modelId: z.string() }),
  z.object({ type: z.literal('step'), node: z.string() }),
  z.object({ type: z.literal('tool_call'), id: z.string(), name: z.string(), args: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('tool_result'), id: z.string(), name: z.string(), ok: z.boolean(), error: z.string().optional() }),
  z.object({ type: z.literal('token'), text: z.string() }),
  z.object({ type: z.literal('answer'), conversationId: z.string(), text: z.string(), citations: z.array(z.string()), tools: z.array(z.string()) }),
  /** Sent by the HTTP stream when a turn fails after the stream opened (the status line is gone by then). */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type CopilotEvent = z.infer<typeof CopilotEvent>;

/** Messages a conversation keeps between turns (from a user message on); the model sees these. */
export const KEPT_MESSAGES = 16;

/** The messages before the kept tail, which starts at a user message. */
function forgotten(messages: readonly BaseMessage[]): BaseMessage[] {
  let start = Math.max(0, messages.length - KEPT_MESSAGES);
  while (start < messages.length && messages[start]!.getType() !== 'human') start++;
  return messages.slice(0, start).filter((m) => m.id !== undefined);
}

const turnOf = (config: { configurable?: Record<string, unknown> }): CopilotTurn => config.configurable?.copilotTurn as CopilotTurn;

/** Builds and compiles the copilot graph over its dependencies and a checkpointer. */
export function buildCopilotGraph(deps: CopilotDeps, checkpointer: BaseCheckpointSaver) {
  const nodes = copilotNodes(deps);
  return new StateGraph(MessagesAnnotation)
    .addNode('agent', async (state, config) => {
      const answer = await nodes.agent(state.messages, turnOf(config));
      // A turn that ends drops what the model would no longer see: the checkpoint of a long chat stays small.
      const done = answer.tool_calls === undefined || answer.tool_calls.length === 0;
      return { messages: [answer, ...(done ? forgotten(state.messages).map((m) => new RemoveMessage({ id: m.id! })) : [])] };
    })
    .addNode('tools', async (state, config) => ({ messages: await nodes.tools(state.messages, turnOf(config)) }))
    .addEdge(START, 'agent')
    .addConditionalEdges('agent', (state) => {
      const last = state.messages.at(-1);
      return last && 'tool_calls' in last && Array.isArray(last.tool_calls) && last.tool_calls.length > 0 ? 'tools' : END;
    }, ['tools', END])
    .addEdge('tools', 'agent')
    .compile({ checkpointer, name: 'copilot' });
}

export type CopilotGraph = ReturnType<typeof buildCopilotGraph>;

/** Ids an answer names, in the order first seen: decisions, reviews, orders, shipments, vehicles, carriers, SOP titles. */
export function citationsOf(texts: readonly string[]): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  for (const text of texts) {
    for (const m of text.matchAll(/\b(?:dec|rev|ord|shp-ord|veh|car)-[0-9a-z]+\b|SOP \\?"[^"\\]+\\?"/g)) add(m[0].replaceAll('\\', ''));
  }
  return out;
}

/** SOP citations in a tool result: an SOP's title is cited as the tool gave it, whatever the answer's wording. */
function sopCites(text: string): string[] {
  return [...text.matchAll(/SOP \\"[^"\\]+\\"/g)].map((m) => m[0]);
}

export interface TurnInput {
  user: CopilotTurn['user'];
  message: string;
  /** Continue this conversation; without it a new one starts. An id this user never used is refused, naming the field. */
  conversationId?: string | undefined;
}

const threadOf = (user: CopilotTurn['user'], conversationId: string) => `copilot:${user.tenant}:${user.id}:${conversationId}`;

// Threads known to exist, per graph: reading a conversation's whole state only to learn that it exists costs a
// checkpoint load per turn; a thread once seen is never deleted.
const knownThreads = new WeakMap<CopilotGraph, Set<string>>();
const known = (graph: CopilotGraph) => {
  let set = knownThreads.get(graph);
  if (!set) knownThreads.set(graph, (set = new Set()));
  return set;
};

/** Throws NotFoundError naming `conversationId` unless `user` has that conversation (another user's is unknown too). */
export async function requireConversation(graph: CopilotGraph, user: CopilotTurn['user'], conversationId: string): Promise<void> {
  const thread = threadOf(user, conversationId);
  if (known(graph).has(thread)) return;
  const state = await graph.getState({ configurable: { thread_id: thread } });
  if ((state.values as { messages?: unknown[] }).messages === undefined) throw new NotFoundError('conversationId', conversationId, 'conversation');
  known(graph).add(thread);
}

/** Runs one turn, reporting events as they happen; returns the answer event. */
export async function runCopilotTurn(graph: CopilotGraph, input: TurnInput, modelId: string, emit: (event: CopilotEvent) => void | Promise<void>): Promise<Extract<CopilotEvent, { type: 'answer' }>> {
  const conversationId = input.conversationId ?? `conv-${randomUUID().slice(0, 12)}`;
  const thread = threadOf(input.user, conversationId);
  if (input.conversationId !== undefined) await requireConversation(graph, input.user, input.conversationId);
  const turnId = `turn-${randomUUID().slice(0, 12)}`;
  const turn: CopilotTurn = { user: input.user, conversationId, turnId };
  // Saved when the turn ends: a chat turn has no side effect to resume half-way (acts are idempotent by turn id).
  const config = { configurable: { thread_id: thread, copilotTurn: turn }, streamMode: ['updates', 'messages'] as ('updates' | 'messages')[], recursionLimit: 20, durability: 'exit' as const };
  await emit({ type: 'start', conversationId, turnId, modelId });
  const seenTexts: string[] = [];
  const tools: string[] = [];
  let answer = '';
  for await (const [mode, chunk] of await graph.stream({ messages: [userMessage(input.message, turnId)] }, config)) {
    if (mode === 'messages') {
      const [message, meta] = chunk as [BaseMessageChunk, { langgraph_node?: string }];
      // Tokens as the model streams them; the whole message the node then stores (our `ai-turn-` id) is not a token.
      const stored = message.id?.startsWith('ai-turn-') === true;
      if (meta.langgraph_node === 'agent' && !stored && isAIMessageChunk(message) && message.text.length > 0 && !(message.tool_call_chunks?.length)) await emit({ type: 'token', text: message.text });
      continue;
    }
    for (const [node, update] of Object.entries(chunk as Record<string, { messages?: BaseMessage[] }>)) {
      await emit({ type: 'step', node });
      for (const m of update.messages ?? []) {
        if (m instanceof ToolMessage) {
          const content = readToolContent(m);
          seenTexts.push(m.text);
          await emit({ type: 'tool_result', id: m.tool_call_id, name: m.name ?? '', ok: content.error === undefined, ...(content.error !== undefined ? { error: content.error } : {}) });
        } else if (m.getType() === 'ai') {
          const calls = 'tool_calls' in m && Array.isArray(m.tool_calls) ? m.tool_calls as { id?: string; name: string; args: Record<string, unknown> }[] : [];
          for (const c of calls) {
            tools.push(c.name);
            await emit({ type: 'tool_call', id: c.id ?? '', name: c.name, args: c.args });
          }
          if (calls.length === 0) answer = m.text;
        }
      }
    }
  }
  known(graph).add(thread);
  const done = { type: 'answer' as const, conversationId, text: answer, citations: tools.length > 0 ? citationsOf([answer, ...seenTexts.flatMap(sopCites)]).slice(0, 50) : [], tools };
  await emit(done);
  return done;
}
