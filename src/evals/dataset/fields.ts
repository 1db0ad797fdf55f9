/** Column types shared by the dataset tables: each accepts a JSON value (JSONL) or the text of a CSV field. */
import { z } from 'zod';
import { Id, IsoTimestamp, TimeWindow } from '../../domain/index.ts';

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}, got '${String(issue.input)}'`;

/** A number column: a JSON number, or CSV text that reads as one (`12.5`, `-3`, `1e3`). */
export function num(build: (n: z.ZodNumber) => z.ZodNumber = (n) => n) {
  return z.preprocess((v) => (typeof v === 'string' && NUMERIC.test(v.trim()) ? Number(v) : v), build(z.number({ error: required('a number') })));
}

/** A whole-number column. */
export function int(build: (n: z.ZodNumber) => z.ZodNumber = (n) => n) {
  return num((n) => build(n.int('must be a whole number')));
}

/** A non-negative whole-number column: minor units, seconds, metres. */
export const count = () => int((n) => n.nonnegative('must not be negative'));

/** A list column: a JSON array, or CSV text separated by `;` (`reefer;tail_lift`). */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(';').map((s) => s.trim()).filter((s) => s !== '') : v), z.array(item));
}

/** Delivery windows: a JSON array of `{start, end}`, or CSV text `start/end;start/end` (ISO-8601 interval notation). */
export const windows = z.preprocess(
  (v) => typeof v === 'string'
    ? v.split(';').filter((s) => s.trim() !== '').map((s) => {
      const [start, end, ...rest] = s.trim().split('/');
      return rest.length > 0 ? s : { start, end };
    })
    : v,
  z.array(TimeWindow, { error: required('windows as start/end;start/end') }).min(1, 'needs at least one window'),
);

export { Id, IsoTimestamp };

/** Normalises a row's values: an empty CSV field or a JSON null is an absent value. */
export function absentAsUndefined(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== '' && v !== null) out[k] = v;
  return out;
}

type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops the keys whose value is undefined: builds objects for exactOptionalPropertyTypes without a spread per key. */
export function defined<T extends Record<string, unknown>>(obj: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as Defined<T>;
}
