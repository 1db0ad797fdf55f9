/** Canonical JSON: object keys sorted, no whitespace, so the same value always gives the same text and hash. */

/** Deeper than this is taken for a cycle: real documents are a few levels deep. */
const MAX_DEPTH = 100;

// A sorted copy, then one native stringify: faster than a replacer, which is called back for every member.
function sortedCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return value;
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) throw new TypeError('canonical JSON cannot hold a cycle (or nesting deeper than 100)');
  if (Array.isArray(value)) return value.map((item: unknown) => (item === undefined ? null : sortedCopy(item, depth + 1)));
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined) out[key] = sortedCopy(member, depth + 1);
  }
  return out;
}

/** The canonical JSON text of a JSON value; refuses what JSON cannot say (NaN, Infinity, functions, cycles). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value, 0)) ?? 'null';
}
