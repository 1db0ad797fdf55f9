/** What every tool is built from, and the one way a tool is defined: zod input, zod output, output checked. */
import { type DynamicStructuredTool, tool } from '@langchain/core/tools';
import type { z } from 'zod';
import type { Ports } from '../connectors/index.ts';
import { type AgentName, type Clock, MarshalError, type Trigger } from '../domain/index.ts';
import type { Store } from '../store/index.ts';

/** The world a tool set reads, on behalf of one tenant and one agent. */
export interface ToolContext {
  ports: Ports;
  store: Store;
  clock: Clock;
  tenant: string;
  agent: AgentName;
  /** What the proposals answer; defaults to `{ kind: 'chat' }`. Give a chat turn an `eventId` (see proposals.ts). */
  trigger?: z.input<typeof Trigger>;
}

/** A LangChain tool that also carries the schema its output was checked against. */
export type MarshalTool<N extends string, I extends z.ZodObject, O extends z.ZodType> =
  DynamicStructuredTool<I, z.output<I>, z.input<I>, z.output<O>, unknown, N> & { outputSchema: O };

export interface ToolSpec<N extends string, I extends z.ZodObject, O extends z.ZodType> {
  name: N;
  description: string;
  input: I;
  output: O;
  run(input: z.output<I>): Promise<z.input<O>> | z.input<O>;
}

/** A tool's answer broke its own output schema: a bug on our side, never passed on to a model or an agent. */
export class ToolOutputError extends MarshalError {
  constructor(name: string, error: z.core.$ZodError) {
    const why = error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
    super('tool_output', 'internal', `${name} answered out of its output schema: ${why}`);
  }
}

/**
 * Defines a tool: LangChain checks the input against `input` (a bad field is named in the error), and the answer
 * is checked against `output` before anyone sees it.
 */
export function defineTool<N extends string, I extends z.ZodObject, O extends z.ZodType>(spec: ToolSpec<N, I, O>): MarshalTool<N, I, O> {
  const func = async (input: z.output<I>): Promise<z.output<O>> => {
    const out = spec.output.safeParse(await spec.run(input));
    if (!out.success) throw new ToolOutputError(spec.name, out.error);
    return out.data;
  };
  // The generic schema defeats tool()'s overload inference; the cast restates what the overload for zod objects returns.
  const made = (tool as unknown as (f: typeof func, fields: { name: N; description: string; schema: I }) => DynamicStructuredTool<I, z.output<I>, z.input<I>, z.output<O>, unknown, N>)(
    func, { name: spec.name, description: spec.description, schema: spec.input },
  );
  return Object.assign(made, { outputSchema: spec.output });
}
