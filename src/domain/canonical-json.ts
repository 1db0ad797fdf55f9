/** Canonical JSON: object keys sorted, no whitespace, so the same value always gives the same text and hash. */

// The native serializer does the work; the replacer only re-creates each object with its keys in order.
function sortKeys(this: unknown, _key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return value;
    case 'function':
    case 'symbol':
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const record = value as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(record).sort()) sorted[k] = record[k];
      return sorted;
    }
    default:
      return value;
  }
}

/** The canonical JSON text of a JSON value; refuses what JSON cannot say (NaN, Infinity, functions, cycles). */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, sortKeys) ?? 'null';
  } catch (error) {
    // The replacer hands out fresh objects, so a cycle shows up as a stack overflow rather than a circular error.
    if (error instanceof RangeError || (error instanceof TypeError && /circular/i.test(error.message))) {
      throw new TypeError('canonical JSON cannot hold a cycle');
    }
    throw error;
  }
}
