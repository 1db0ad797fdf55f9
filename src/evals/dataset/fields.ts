/** Column types shared by the dataset tables: each accepts a JSON value (JSONL) or the text of a CSV field. */
import { z } from 'zod';
import { CurrencyCode, Id as DomainId, IsoTimestamp, Location, TimeOfDay } from '../../domain/index.ts';

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The value as a message quotes it: text as it is, anything else (a JSON number, object) as JSON. */
const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}, got '${shown(issue.input)}'`;

const TIMESTAMP = 'an ISO-8601 UTC timestamp ending in Z';

/** Epoch seconds of a valid timestamp (a calendar date, `Z`), else undefined: cross-field checks compare only what parses. */
export function epochOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !IsoTimestamp.safeParse(value).success) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** A timestamp column: `2026-11-23T09:00:00Z`; `2026-11-31T...` is refused, not rolled over into December. */
export const Timestamp = z.string({ error: required(TIMESTAMP) }).refine((v) => epochOf(v) !== undefined, { error: (issue) => `must be ${TIMESTAMP}, got '${shown(issue.input)}'` });

/** An id column (letters, digits and `._:-`). */
export const Id = z.string({ error: required('an id') }).pipe(DomainId);

/** A free-text column. */
export const text = () => z.string({ error: required('text') });

/** A currency column, ISO 4217. */
export const Currency = z.string({ error: required('a three-letter ISO 4217 code such as EUR') }).pipe(CurrencyCode);

/** A clock-time column, `HH:MM` (UTC). */
export const Clock = z.string({ error: required('HH:MM on a 24-hour clock') }).pipe(TimeOfDay);

/** A column that takes one of `values`: `must be one of a, b, got 'c'`. */
export function oneOf<const T extends string>(values: readonly T[]) {
  return z.enum(values as [T, ...T[]], { error: required(`one of ${values.join(', ')}`) });
}

/** A latitude column, WGS84 degrees, bounded as the domain's Location is. */
export const lat = () => num().pipe(Location.shape.lat);
/** A longitude column, WGS84 degrees, bounded as the domain's Location is. */
export const lon = () => num().pipe(Location.shape.lon);

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

/** One delivery window; its ends are compared only when both are timestamps. */
const Window = z.object({ start: Timestamp, end: Timestamp }, { error: required('a window {start, end}') }).superRefine((w, ctx) => {
  const start = epochOf(w.start);
  const end = epochOf(w.end);
  if (start !== undefined && end !== undefined && end < start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'window ends before it starts' });
});

/** Delivery windows: a JSON array of `{start, end}`, or CSV text `start/end;start/end` (ISO-8601 interval notation). */
export const windows = z.preprocess(
  (v) => typeof v === 'string'
    ? v.split(';').filter((s) => s.trim() !== '').map((s) => {
      const [start, end, ...rest] = s.trim().split('/');
      return rest.length > 0 ? s : { start, end };
    })
    : v,
  z.array(Window, { error: required('windows as start/end;start/end') }).min(1, 'needs at least one window'),
);


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
