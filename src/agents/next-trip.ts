/**
 * A van's next trip: a shipment no van can take on the trip it is planned for may still go on a van's next one, once
 * that van is back from its planned route and reloaded. Dispatch holds such a shipment for that van rather than leave
 * it to a carrier.
 */
import type { Plan } from '../domain/index.ts';
import { type JobInput, LivePlan, type ProblemInput, type Solution } from '../optimizer/index.ts';
import { LOADING_SECONDS, type NextTrip, PLAN_SEED, type PlanInputs, toSolution } from './live-plan.ts';

const NO_ROUTES = toSolution({ id: 'next-trip', tenant: 'next-trip', version: 0, createdAt: '1970-01-01T00:00:00Z', routes: [], unassigned: [] } satisfies Plan);

/** Latest window end of a shipment, then its id: the order in which waiting shipments get a van's room. */
export function byDeadline(inputs: PlanInputs): (a: string, b: string) => number {
  const end = (id: string) => Math.max(...(inputs.shipments.get(id)?.windows ?? []).map((w) => Date.parse(w.end)));
  return (a, b) => end(a) - end(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Of `ids` (placed in that order), those a van with a planned route can serve inside their windows on a next trip
 * from the depot, and which van: each van starts that trip once back from its route (as `live`, the plan over
 * `problem`, has it) and loaded, with its fixed cost already paid for the day. A caller that has just read `live`'s
 * solution passes it as `current`, so its routes are not simulated again.
 */
export function nextTrips(inputs: PlanInputs, problem: ProblemInput, jobs: ReadonlyMap<string, JobInput>, live: LivePlan, ids: readonly string[], current?: Solution): Map<string, NextTrip> {
  const waits = new Map<string, NextTrip>();
  if (ids.length === 0) return waits;
  const back = new Map((current ?? live.solution({ explain: false })).routes.filter((r) => r.steps.some((st) => st.id !== undefined)).map((r) => [r.vehicle, r.steps[r.steps.length - 1]!.arrival]));
  const vehicles = problem.vehicles.flatMap((v) => {
    const at = back.get(v.id);
    const end = v.time_window?.[1];
    if (at === undefined || end === undefined || v.id === inputs.down) return [];
    const leave = Math.max(at + LOADING_SECONDS, inputs.now);
    return leave < end ? [{ ...v, time_window: [leave, end] as [number, number], costs: { ...v.costs, fixed: 0 } }] : [];
  });
  if (vehicles.length === 0) return waits;
  const depotOf = new Map(inputs.vehicles.map((v) => [v.id, v.depotId]));
  const waiting = ids.map((id) => ({
    ...jobs.get(id)!,
    allowed_vehicles: vehicles.map((v) => v.id).filter((v) => depotOf.get(v) === inputs.shipments.get(id)?.depotId),
  }));
  const trial = LivePlan.create({ ...problem, vehicles, jobs: waiting }, { seed: PLAN_SEED, plan: NO_ROUTES, travelFrom: live, spare: 0 });
  // Cheapest insertion only, no repair: a hold names a van, and placing it for real happens when that van is back,
  // on the live plan and repaired there. Repairing a trial of up to a few hundred holds after each one cost a quarter
  // of a busy day's replay.
  const placed = new Set(trial.retry(ids, { repair: false }));
  for (const r of trial.solution({ explain: false }).routes) {
    for (const st of r.steps) if (st.id !== undefined && placed.has(st.id)) waits.set(st.id, { vehicleId: r.vehicle, backAt: back.get(r.vehicle)! });
  }
  return waits;
}
