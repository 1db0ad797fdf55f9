/** The offline model: a LangChain chat model whose answers come from deterministic rules, so graphs run with no key. */
import { createHash } from 'node:crypto';
import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { z } from 'zod';

/** The id every offline answer is logged under. */
export const OFFLINE_MODEL_ID = 'offline';

/**
 * The tool name LangChain's default `withStructuredOutput` binds: a rule answers a structured request by calling it.
 * (Only when no `name` is given to `withStructuredOutput`; `askStructured` never gives one.)
 */
export const STRUCTURED_TOOL = 'extract';

export const OfflineToolCall = z.object({ name: z.string().min(1), args: z.record(z.string(), z.unknown()) });

/** What a rule answers: prose, or one or more tool calls. */
export const OfflineReply = z.union([
  z.object({ text: z.string() }),
  z.object({ toolCalls: z.array(OfflineToolCall).min(1) }),
]);
export type OfflineReply = z.infer<typeof OfflineReply>;

/** What a rule sees: the conversation, the tools bound for this call, and the last message's text. */
export interface OfflineRequest {
  messages: readonly BaseMessage[];
  tools: readonly { name: string; description: string }[];
  lastText: string;
}

/** Rules answer a request, or return undefined when they have nothing to say; a thrown error is a failed call. */
export type OfflineRules = (request: OfflineRequest) => OfflineReply | undefined | Promise<OfflineReply | undefined>;

/** The answer when no rule applies: said plainly rather than guessed, so callers fall back to their own path. */
export const NO_RULE_TEXT = 'The offline model has no rule for this request and gives no answer.';

export interface OfflineCallOptions extends BaseChatModelCallOptions {
  tools?: BindToolsInput[];
}

/** A rule-driven chat model: same messages in, same answer (and message id) out. */
export class OfflineChatModel extends BaseChatModel<OfflineCallOptions> {
  private readonly rules: OfflineRules;

  constructor(rules: OfflineRules = () => undefined) {
    super({});
    this.rules = rules;
  }

  _llmType(): string {
    return OFFLINE_MODEL_ID;
  }

  /** Binds tools the way ChatOpenAI does, as call options, so `withStructuredOutput` and agents work unchanged. */
  override bindTools(tools: BindToolsInput[], kwargs?: Partial<OfflineCallOptions>) {
    return this.withConfig({ ...kwargs, tools } as Partial<OfflineCallOptions>);
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const tools = (options.tools ?? []).map((t) => {
      // A LangChain tool names itself; converting its schema to JSON (milliseconds a tool) is needed only for other forms.
      if (isNamedTool(t)) return { name: t.name, description: t.description };
      const fn = convertToOpenAITool(t).function;
      return { name: fn.name, description: fn.description ?? '' };
    });
    const lastText = messages.at(-1)?.text ?? '';
    const raw = await this.rules({ messages, tools, lastText });
    // A rule's answer is checked like any model output: a malformed one is a bug in the rule, reported as such.
    const reply = raw === undefined ? undefined : OfflineReply.parse(raw);
    const id = `offline-${digest(messages, reply)}`;
    // AIMessageChunk, not AIMessage: LangChain's default withStructuredOutput refuses anything else.
    const message = reply === undefined || 'text' in reply
      ? new AIMessageChunk({ id, content: reply?.text ?? NO_RULE_TEXT, response_metadata: { model: OFFLINE_MODEL_ID, noRule: reply === undefined } })
      : new AIMessageChunk({
        id, content: '', response_metadata: { model: OFFLINE_MODEL_ID, noRule: false },
        tool_calls: reply.toolCalls.map((c, i) => ({ name: c.name, args: c.args, id: `${id}-call-${i}`, type: 'tool_call' as const })),
      });
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}

function isNamedTool(t: BindToolsInput): t is BindToolsInput & { name: string; description: string } {
  return typeof t === 'object' && t !== null && 'lc_namespace' in t && typeof (t as { name?: unknown }).name === 'string' && typeof (t as { description?: unknown }).description === 'string';
}

/** A stable id per (conversation, answer), so two answers never share an id in a messages reducer. */
function digest(messages: readonly BaseMessage[], reply: OfflineReply | undefined): string {
  const seen = messages.map((m) => [m.getType(), m.content, 'tool_calls' in m ? m.tool_calls : undefined]);
  return createHash('sha256').update(JSON.stringify([seen, reply ?? null])).digest('hex').slice(0, 20);
}

/** Rules for a structured request: answer with `value` as the arguments of the structured-output tool. */
export function structuredReply(value: Record<string, unknown>): OfflineReply {
  return { toolCalls: [{ name: STRUCTURED_TOOL, args: value }] };
}

/**
 * Scripted rules for tests: each call takes the next reply in order (an Error is thrown as a failed call);
 * after the script ends, no rule applies.
 */
export function scriptedRules(...replies: (OfflineReply | Error)[]): OfflineRules {
  let next = 0;
  return () => {
    const reply = replies[next++];
    if (reply instanceof Error) throw reply;
    return reply;
  };
}
