/**
 * Validating a plan to be stored, route by route. A plan holds every depot's routes and an event re-plans one depot:
 * the other depots' routes come over unchanged from a version this store already validated and froze, and parsing
 * them again on every save was a tenth of a busy replay's time. A frozen route object seen before is taken as it is;
 * every other route, and everything else in the plan, goes through the schema.
 */
import { z } from 'zod';
import { type FieldIssue, InputError, issuesFromZod, Plan, Route } from '../domain/index.ts';

const PlanShell = Plan.extend({ routes: z.array(z.unknown()) });

/** A checker that remembers the routes of the plans it validated or was shown, for as long as they are alive. */
export function planChecker() {
  const checked = new WeakSet<object>();
  return {
    /** The plan, parsed as `Plan.parse` would, or an InputError naming every bad field as `parseInput` does. */
    parse(input: unknown): Plan {
      const shell = PlanShell.safeParse(input);
      const issues: FieldIssue[] = shell.success ? [] : issuesFromZod(shell.error);
      const raw = shell.success ? shell.data.routes : Array.isArray((input as { routes?: unknown })?.routes) ? (input as { routes: unknown[] }).routes : [];
      const routes = raw.map((r, i) => {
        if (typeof r === 'object' && r !== null && Object.isFrozen(r) && checked.has(r)) return r as Route;
        const parsed = Route.safeParse(r);
        if (parsed.success) return parsed.data;
        issues.push(...issuesFromZod(parsed.error).map((x) => ({ ...x, path: `routes.${i}${x.path ? `.${x.path}` : ''}` })));
        return undefined;
      });
      if (issues.length > 0 || !shell.success) throw new InputError('invalid_input', issues, 'plan');
      return { ...shell.data, routes: routes as Route[] };
    },
    /** Notes the routes of a plan that is validated and deeply frozen, so a later plan may carry them over unparsed. */
    remember(plan: Plan): void {
      for (const r of plan.routes) checked.add(r);
    },
  };
}
