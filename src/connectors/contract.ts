/** A port is a contract of methods, each a zod schema in and out; `guardPort` makes every call honour it. */
import type { z } from 'zod';
import { ConnectorError, issuesFromZod, MarshalError, parseInput } from '../domain/index.ts';

export interface MethodContract {
  summary: string;
  input: z.ZodType;
  output: z.ZodType;
}

export type PortContract = Record<string, MethodContract>;

/** What callers see: every method async, taking the schema's input and returning its parsed output. */
export type PortOf<C extends PortContract> = {
  [K in keyof C]: (input: z.input<C[K]['input']>) => Promise<z.output<C[K]['output']>>;
};

/** What an implementation writes: it receives parsed input and may answer synchronously. */
export type PortImpl<C extends PortContract> = {
  [K in keyof C]: (input: z.output<C[K]['input']>) => z.input<C[K]['output']> | Promise<z.input<C[K]['output']>>;
};

/** Wraps an implementation so bad input is an InputError naming the field and a bad reply a ConnectorError. */
export function guardPort<C extends PortContract>(port: string, contract: C, impl: PortImpl<C>): PortOf<C> {
  const guarded = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const [method, spec] of Object.entries(contract)) {
    const call = impl[method as keyof C] as (input: unknown) => unknown;
    guarded[method] = async (input: unknown) => {
      const parsed = parseInput(spec.input, input, `${port}.${method}`);
      let reply: unknown;
      try {
        reply = await call.call(impl, parsed);
      } catch (error) {
        if (error instanceof MarshalError) throw error;
        throw new ConnectorError('connector_failed', `${port}.${method} failed: ${String(error)}`, { retryable: true, cause: error });
      }
      const out = spec.output.safeParse(reply);
      if (!out.success) {
        const why = issuesFromZod(out.error).map((i) => `${i.path}: ${i.reason}`).join('; ');
        throw new ConnectorError('bad_reply', `${port}.${method} answered out of contract: ${why}`, { retryable: false });
      }
      return out.data;
    };
  }
  return guarded as PortOf<C>;
}
