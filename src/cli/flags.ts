/** Flag parsing shared by the commands: node's parseArgs, with errors that name the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../domain/index.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags; an unknown flag or a missing value is an InputError naming it. */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new InputError('bad_flag', [{ path: 'flags', reason: error instanceof Error ? error.message : String(error) }]);
  }
}

/** A flag's value as a whole number within bounds, or an InputError naming the flag. */
export function intFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InputError('bad_flag', [{ path: `--${name}`, reason: `must be a whole number from ${min} to ${max}, got '${value}'` }]);
  }
  return n;
}
