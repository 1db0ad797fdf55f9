/** What Dispatch says about a placement: the optimizer's route explanation, window slack, load factor, SLA risk. */
import { formatMoney, type Money, type Plan, type Shipment, toEpochSeconds, toIso } from '../domain/index.ts';
import { explainPlan, type Problem, type RouteExplanation, type Solution, solve } from '../optimizer/index.ts';

/** A stop this close to its window's end is tight: a small delay on the road breaks the promise. */
export const TIGHT_SECONDS = 15 * 60;
/** An ETA that moves by at least this much is a change worth naming (and telling the customer). */
export const ETA_CHANGE_SECONDS = 15 * 60;

export const hhmm = (iso: string): string => `${iso.slice(11, 16)} UTC`;
export const minutes = (seconds: number): number => Math.round(seconds / 60);
export const percent = (x: number): string => `${Math.round(x * 100)} %`;
export const money = (amountMinor: number, currency: string): string => formatMoney({ amountMinor, currency } satisfies Money);

/**
 * The optimizer's explanation of one route (load factor per dimension, tight windows, binding constraints).
 * explainPlan needs a compiled model; compiling the route's own vehicle and stops keeps it cheap on a big plan.
 */
export function explainRoute(problem: Problem, solution: Solution, vehicleId: string): RouteExplanation | undefined {
  const route = solution.routes.find((r) => r.vehicle === vehicleId);
  const vehicle = problem.vehicles.find((v) => v.id === vehicleId);
  if (!route || !vehicle) return undefined;
  const ids = new Set(route.steps.flatMap((s) => (s.id === undefined ? [] : [s.id])));
  const sub = {
    ...problem, shipments: [], jobs: problem.jobs.filter((j) => ids.has(j.id)),
    vehicles: [{ ...vehicle, frozen: (vehicle.frozen ?? []).filter((id) => ids.has(id)) }],
  };
  const { model } = solve(sub, { iterations: 0 });
  return explainPlan(model, { ...solution, routes: [route], unassigned: [] }, TIGHT_SECONDS).routes[0];
}

/** Seconds from the stop's service start to the end of the window it falls in; negative when it misses every window. */
export function windowSlack(s: Shipment, serviceStart: number): number {
  const windows = s.windows.map((w) => [toEpochSeconds(w.start), toEpochSeconds(w.end)] as const);
  const inside = windows.find(([a, b]) => serviceStart >= a && serviceStart <= b);
  if (inside) return inside[1] - serviceStart;
  const missed = windows.map(([, b]) => b - serviceStart).filter((x) => x < 0);
  // Before every window cannot happen (a van waits for the window to open), so only lateness is left.
  return missed.length > 0 ? Math.max(...missed) : 0;
}

/** Chance of missing the promise from the slack left in the window: late is near certain, tight is a real risk. */
export function slaRiskOf(slack: number): number {
  if (slack < 0) return 0.9;
  if (slack < TIGHT_SECONDS) return 0.3;
  if (slack < 2 * TIGHT_SECONDS) return 0.1;
  return 0.05;
}

/** `kg 12 %, m³ 3 %, pallets 50 %` from a load factor per dimension. */
export function describeLoad(factors: readonly number[]): string {
  return ['kg', 'm³', 'pallets'].map((d, i) => `${d} ${percent(factors[i] ?? 0)}`).join(', ');
}

/** The window a shipment is promised in, as people read it. */
export function describeWindows(s: Shipment): string {
  return s.windows.map((w) => `${hhmm(w.start)}–${hhmm(w.end)}`).join(' or ');
}

/** When each shipment is served in a solution, by stop id: vehicle and service start. */
export function servedAt(solution: Solution): Map<string, { vehicle: string; at: number }> {
  return new Map(solution.routes.flatMap((r) => r.steps.flatMap((st) => (st.id === undefined ? [] : [[st.id, { vehicle: r.vehicle, at: st.service_start }] as const]))));
}

/** ISO text of a solution time. */
export const isoOf = (t: number): string => toIso(Math.round(t));

/** Orders behind some shipments of a plan's inputs. */
export function ordersOf(ids: Iterable<string>, shipments: ReadonlyMap<string, Shipment>): number {
  let n = 0;
  for (const id of ids) n += shipments.get(id)?.orderIds.length ?? 1;
  return n;
}

/** Shipments whose stop is late against its windows in a plan, with minutes late. */
export function lateStops(plan: Plan, shipments: ReadonlyMap<string, Shipment>): { shipmentId: string; minutesLate: number }[] {
  return plan.routes.flatMap((r) => r.stops.flatMap((st) => {
    const s = shipments.get(st.shipmentId);
    if (!s) return [];
    const slack = windowSlack(s, toEpochSeconds(st.eta));
    return slack < 0 ? [{ shipmentId: st.shipmentId, minutesLate: minutes(-slack) }] : [];
  }));
}
