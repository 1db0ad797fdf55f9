/**
 * Validating a plan to be stored, route by route. A plan holds every depot's routes and an event re-plans one depot:
 * the other depots' routes come over unchanged from a version this store already validated and froze, and parsing
 * them again on every save was a tenth of a busy replay's time. A frozen route object seen before is taken as it is;
 * so is an unassigned entry (a busy depot leaves hundreds, and the other depots' come over as they were); everything
 * else in the plan goes through the schema.
 */
import { z } from 'zod';
import { type FieldIssue, InputError, issuesFromZod, Plan, Route } from '../domain/index.ts';

const PlanShell = Plan.extend({ routes: z.array(z.unknown()), unassigned: z.array(z.unknown()) });
const Unassigned = Plan.shape.unassigned.element;
type Unassigned = z.infer<typeof Unassigned>;

/** A checker that remembers the routes and unassigned entries of the plans it validated or was shown, while they live. */
export function planChecker() {
  const checked = new WeakSet<object>();
  /** Each item parsed with `schema` unless it is a frozen object seen before; bad ones are named under `field.i`. */
  const each = <T>(items: unknown, field: string, schema: z.ZodType<T>, issues: FieldIssue[]): (T | undefined)[] => {
    const raw = Array.isArray(items) ? items : [];
    return raw.map((r, i) => {
      if (typeof r === 'object' && r !== null && Object.isFrozen(r) && checked.has(r)) return r as T;
      const parsed = schema.safeParse(r);
      if (parsed.success) return parsed.data;
      issues.push(...issuesFromZod(parsed.error, `${field}.${i}`));
      return undefined;
    });
  };
  return {
    /** The plan, parsed as `Plan.parse` would, or an InputError naming every bad field as `parseInput` does. */
    parse(input: unknown): Plan {
      const shell = PlanShell.safeParse(input);
      const issues: FieldIssue[] = shell.success ? [] : issuesFromZod(shell.error);
      const given = input as { routes?: unknown; unassigned?: unknown } | null | undefined;
      const routes = each(shell.success ? shell.data.routes : given?.routes, 'routes', Route, issues);
      const unassigned = each(shell.success ? shell.data.unassigned : given?.unassigned, 'unassigned', Unassigned, issues);
      if (issues.length > 0 || !shell.success) throw new InputError('invalid_input', issues, 'plan');
      return { ...shell.data, routes: routes as Route[], unassigned: unassigned as Unassigned[] };
    },
    /** Notes the routes and unassigned entries of a plan that is validated and deeply frozen, so a later plan may carry them over unparsed. */
    remember(plan: Plan): void {
      for (const r of plan.routes) checked.add(r);
      for (const u of plan.unassigned) checked.add(u);
    },
  };
}
