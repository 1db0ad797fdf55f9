/**
 * A plan's stored text, as `JSON.stringify` writes it, with the text of a frozen route remembered: a plan holds every
 * depot's routes and a wave changes one depot's, so writing the others out again at every save was most of saving.
 */
import type { Plan } from '../domain/index.ts';

/** A writer that remembers the text of each frozen route it wrote, for as long as the route lives. */
export function planTexts() {
  const texts = new WeakMap<object, string>();
  // Texts of routes written while not yet frozen, kept until the plan is frozen and remembered.
  let pending = new Map<object, string>();
  const routeText = (route: object): string => {
    const known = texts.get(route) ?? pending.get(route);
    if (known !== undefined) return known;
    const text = JSON.stringify(route);
    // Only a frozen route cannot change after its text is taken.
    if (Object.isFrozen(route)) texts.set(route, text);
    else pending.set(route, text);
    return text;
  };
  return {
    /** `JSON.stringify(plan)`, byte for byte: the plan's own keys in order, the routes from their remembered texts. */
    text(plan: Plan): string {
      pending = new Map();
      const parts: string[] = [];
      for (const [key, value] of Object.entries(plan)) {
        // As JSON.stringify: a key whose value is undefined is left out.
        if (value === undefined) continue;
        const json = key === 'routes' && Array.isArray(value) ? `[${value.map(routeText).join(',')}]` : JSON.stringify(value);
        parts.push(`${JSON.stringify(key)}:${json}`);
      }
      return `{${parts.join(',')}}`;
    },
    /** Remembers the texts of a plan's routes once they are frozen: those just written, or those of a plan read back. */
    remember(plan: Plan): void {
      for (const r of plan.routes) {
        const text = pending.get(r);
        if (text !== undefined && Object.isFrozen(r)) texts.set(r, text);
        else if (!texts.has(r)) routeText(r);
      }
      pending = new Map();
    },
  };
}
