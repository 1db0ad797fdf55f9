/**
 * A plan version's stored document: the plan as `JSON.stringify` writes it, with its routes left out (they are stored
 * one row each, see migration 15). What remains is mostly the unassigned entries, hundreds on a busy day and nearly
 * all carried over from the version before: the text of a frozen entry is remembered for as long as the entry lives.
 */
import type { Plan } from '../domain/index.ts';

/** A writer that remembers the text of each frozen unassigned entry it wrote. */
export function planTexts() {
  const texts = new WeakMap<object, string>();
  // Texts of entries written while not yet frozen, kept until the plan is frozen and remembered.
  let pending = new Map<object, string>();
  const entryText = (entry: object): string => {
    const known = texts.get(entry) ?? pending.get(entry);
    if (known !== undefined) return known;
    const text = JSON.stringify(entry);
    // Only a frozen entry cannot change after its text is taken.
    if (Object.isFrozen(entry)) texts.set(entry, text);
    else pending.set(entry, text);
    return text;
  };
  return {
    /** `JSON.stringify({ ...plan, routes: [] })`, byte for byte: the plan's own keys in order, entries from remembered texts. */
    shell(plan: Plan): string {
      pending = new Map();
      const parts: string[] = [];
      for (const [key, value] of Object.entries(plan)) {
        // As JSON.stringify: a key whose value is undefined is left out.
        if (value === undefined) continue;
        const json = key === 'routes' ? '[]' : key === 'unassigned' && Array.isArray(value) ? `[${value.map(entryText).join(',')}]` : JSON.stringify(value);
        parts.push(`${JSON.stringify(key)}:${json}`);
      }
      return `{${parts.join(',')}}`;
    },
    /** Remembers the texts of a plan's unassigned entries once they are frozen: those just written, or those of a plan read back. */
    remember(plan: Plan): void {
      for (const u of plan.unassigned) {
        const text = pending.get(u);
        if (text !== undefined && Object.isFrozen(u)) texts.set(u, text);
        else if (!texts.has(u)) entryText(u);
      }
      pending = new Map();
    },
  };
}
