/**
 * Asking a model for something an action may rest on: the answer is checked by a zod schema, and anything short of a
 * valid answer (an error, a time-out, prose where JSON was due) gives the caller's deterministic fallback instead,
 * logged with the reason. These helpers never throw for a model's failure.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessage, BaseMessageLike } from '@langchain/core/messages';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { z } from 'zod';
import { modelIdOf } from './model.ts';

export const FallbackReason = z.enum(['timeout', 'api_error', 'invalid_output', 'no_tool_call', 'unknown_tool']);
export type FallbackReason = z.infer<typeof FallbackReason>;

/** Why one model call fell back: which call, the reason, a short detail and the model that failed. */
export const ModelFallback = z.object({
  call: z.string().min(1),
  reason: FallbackReason,
  detail: z.string().max(500),
  modelId: z.string().min(1),
});
export type ModelFallback = z.infer<typeof ModelFallback>;

/** Where fallbacks are recorded; the caller decides (run trace, decision explanation, console). */
export type ModelLog = (entry: ModelFallback) => void;

/** The value used and where it came from, so a decision can say whether a model or a rule drove it. */
export interface ModelAnswer<T> {
  value: T;
  source: 'model' | 'fallback';
  modelId: string;
  /** Set when `source` is `fallback`. */
  fallback?: ModelFallback;
}

interface AskCommon {
  model: BaseChatModel;
  /** Names the call site in the log, e.g. `orchestrator.route`. */
  call: string;
  messages: BaseMessageLike[];
  log: ModelLog;
  /** Abandon the call after this long; the model's own timeout still applies. */
  timeoutMs?: number;
  /** Overrides the id logged; by default `offline`, the model name, or the model type. */
  modelId?: string;
}

export interface AskStructuredInput<S extends z.ZodType> extends AskCommon {
  schema: S;
  /** The deterministic answer: a value, or a function computing it (called only when needed). */
  fallback: z.output<S> | (() => z.output<S>);
  /** How ChatOpenAI asks for structure; `jsonSchema` by default for most models, `functionCalling` for servers without it. */
  method?: 'jsonSchema' | 'functionCalling' | 'jsonMode';
}

/** Asks for a value matching `schema`; a failed, late or invalid answer gives `fallback`, logged with the reason. */
export async function askStructured<S extends z.ZodType>(input: AskStructuredInput<S>): Promise<ModelAnswer<z.output<S>>> {
  const modelId = input.modelId ?? modelIdOf(input.model);
  const fail = (reason: FallbackReason, detail: string) => fallBack(input, modelId, reason, detail, () => resolve(input.fallback));
  const signal = input.timeoutMs === undefined ? undefined : AbortSignal.timeout(input.timeoutMs);
  let result: unknown;
  try {
    const runnable = input.model.withStructuredOutput(input.schema, { includeRaw: true, ...(input.method ? { method: input.method } : {}) });
    result = await runnable.invoke(input.messages, signal ? { signal } : {});
  } catch (error) {
    return fail(classify(error, signal), describeError(error));
  }
  // With includeRaw a parse failure is `parsed: null` beside the raw message; scripted fakes return the bare value.
  const raw = isRawAndParsed(result) ? result.raw : undefined;
  const parsed = isRawAndParsed(result) ? result.parsed : result;
  if (parsed === null || parsed === undefined) return fail('invalid_output', `answer did not parse: ${describeMessage(raw)}`);
  const checked = input.schema.safeParse(parsed);
  if (!checked.success) return fail('invalid_output', `answer out of schema: ${describeIssues(checked.error)}`);
  return { value: checked.data, source: 'model', modelId };
}

/** One tool call the model (or the fallback) chose, its arguments checked by the tool's schema. */
export interface ToolChoice {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}

export interface AskToolsInput extends AskCommon {
  tools: readonly StructuredToolInterface[];
  /** The calls to make when the model does not choose validly: a list, or a function computing it. */
  fallback: ToolChoice[] | (() => ToolChoice[]);
}

/**
 * Lets the model choose among `tools`; every call must name a bound tool and pass its input schema, else the
 * fallback calls are returned. Nothing is invoked here: the caller runs the calls it gets.
 */
export async function askTools(input: AskToolsInput): Promise<ModelAnswer<ToolChoice[]>> {
  const modelId = input.modelId ?? modelIdOf(input.model);
  const fail = (reason: FallbackReason, detail: string) => fallBack(input, modelId, reason, detail, () => resolve(input.fallback));
  if (!input.model.bindTools) return fail('api_error', 'the model cannot bind tools');
  const signal = input.timeoutMs === undefined ? undefined : AbortSignal.timeout(input.timeoutMs);
  let message: AIMessage;
  try {
    message = await input.model.bindTools([...input.tools]).invoke(input.messages, signal ? { signal } : {});
  } catch (error) {
    return fail(classify(error, signal), describeError(error));
  }
  const invalid = message.invalid_tool_calls ?? [];
  if (invalid.length > 0) return fail('invalid_output', `unparseable tool call ${invalid[0]?.name ?? '(unnamed)'}: ${invalid[0]?.error ?? 'bad arguments'}`);
  const calls = message.tool_calls ?? [];
  if (calls.length === 0) return fail('no_tool_call', `answered without a tool call: ${describeMessage(message)}`);
  const byName = new Map(input.tools.map((t) => [t.name, t]));
  const chosen: ToolChoice[] = [];
  for (const call of calls) {
    const tool = byName.get(call.name);
    if (!tool) return fail('unknown_tool', `no tool named '${call.name}' (bound: ${[...byName.keys()].join(', ')})`);
    const checked = tool.schema instanceof z.ZodType ? tool.schema.safeParse(call.args) : { success: true as const, data: call.args };
    if (!checked.success) return fail('invalid_output', `${call.name} arguments out of schema: ${describeIssues(checked.error)}`);
    chosen.push({ name: call.name, args: call.args, ...(call.id ? { id: call.id } : {}) });
  }
  return { value: chosen, source: 'model', modelId };
}

function fallBack<T>(input: AskCommon, modelId: string, reason: FallbackReason, detail: string, value: () => T): ModelAnswer<T> {
  const entry: ModelFallback = { call: input.call, reason, detail: detail.slice(0, 500), modelId };
  input.log(entry);
  return { value: value(), source: 'fallback', modelId, fallback: entry };
}

function resolve<T>(fallback: T | (() => T)): T {
  return typeof fallback === 'function' ? (fallback as () => T)() : fallback;
}

function isRawAndParsed(value: unknown): value is { raw: unknown; parsed: unknown } {
  return typeof value === 'object' && value !== null && 'raw' in value && 'parsed' in value;
}

/** Our own time-out aborts with a TimeoutError; the OpenAI client's own time-out throws one named so too. */
function classify(error: unknown, signal: AbortSignal | undefined): FallbackReason {
  if (signal?.aborted) return 'timeout';
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'APIConnectionTimeoutError') return 'timeout';
  // The OpenAI SDK parses a json_schema answer itself and throws zod-core errors, hence $ZodError, not ZodError.
  if (name === 'SyntaxError' || name === 'OutputParserException' || error instanceof z.core.$ZodError) return 'invalid_output';
  return 'api_error';
}

function describeError(error: unknown): string {
  if (error instanceof z.core.$ZodError) return describeIssues(error);
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

function describeMessage(message: unknown): string {
  if (typeof message !== 'object' || message === null || !('content' in message)) return 'no message';
  const content = (message as { content: unknown }).content;
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return text.length === 0 ? 'empty answer' : `'${text.slice(0, 200)}'`;
}
