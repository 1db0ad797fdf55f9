/**
 * Whether two JSON values would be written as the same text: the same members in the same order, the same numbers and
 * strings. Cheaper than comparing their `JSON.stringify` texts, and it stops at the first difference.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  const kb = Object.keys(rb);
  if (ka.length === kb.length) {
    let i = 0;
    for (; i < ka.length; i++) if (ka[i] !== kb[i] || !sameJson(ra[ka[i]!], rb[ka[i]!])) break;
    if (i === ka.length) return true;
    if (ka[i] === kb[i]) return false;
  }
  // JSON.stringify leaves out members whose value is undefined: compare what it would write.
  const wa = ka.filter((k) => ra[k] !== undefined);
  const wb = kb.filter((k) => rb[k] !== undefined);
  return wa.length === wb.length && wa.every((k, i) => k === wb[i] && sameJson(ra[k], rb[k]));
}
