/** Turns the search state into the JSON solution: routes with timed steps, unassigned stops with reason codes. */
import { newSimResult, simulate } from '../model/evaluate.ts';
import type { Model } from '../model/problem.ts';
import { KIND_DELIVERY, KIND_PICKUP } from '../model/problem.ts';
import type { Solution as State } from '../model/solution.ts';
import type { Route, Solution, Step } from './schema.ts';

/** The solution JSON of a state; `reasons` gives each unassigned request's reason codes. */
export function toSolutionJson(m: Model, state: State, reasons: (s: number) => string[]): Solution {
  const routes: Route[] = [];
  const sim = newSimResult();
  let fixed = 0;
  let latenessCost = 0;
  let distance = 0;
  let duration = 0;
  let lateness = 0;
  let timeCost = 0;
  let distanceCost = 0;
  for (const r of state.routes) {
    if (r.nodes.length === 0) continue;
    const steps: Step[] = [];
    const c = simulate(m, r.v, r.nodes, r.nodes.length, sim, undefined, (s, arrival, start, departure, dist, late, load) => {
      const type = s === -1 ? 'start' : s === -2 ? 'end' : s === -3 ? 'break' : m.kind[s] === KIND_PICKUP ? 'pickup' : m.kind[s] === KIND_DELIVERY ? 'delivery' : 'job';
      const step: Step = { type, arrival, service_start: start, departure, distance: dist, load: Array.from(load.subarray(0, m.dims)) };
      if (s >= 0) step.id = m.stopId[s] as string;
      if (late > 0) step.lateness = late;
      steps.push(step);
    });
    // A plan the search kept must be feasible; an infeasible route here is a bug or an infeasible frozen prefix.
    const cost = Number.isFinite(c) ? c : NaN;
    const veh = m.problem.vehicles[r.v]!;
    const perKm = veh.costs?.per_km;
    const perHour = veh.costs?.per_hour;
    const travelTime = sim.duration - stoppedTime(steps);
    distanceCost += ((perKm ?? 0) / 1000) * sim.distance;
    // The hourly rate is paid while the van waits at a door too (the route's cost counts it as well).
    if (perKm === undefined && perHour === undefined) timeCost += travelTime;
    else if (perHour !== undefined) timeCost += (perHour / 3600) * (travelTime + waitingTime(steps));
    fixed += m.fixed[r.v] as number;
    latenessCost += sim.latenessCost;
    distance += sim.distance;
    duration += sim.duration;
    lateness += sim.lateness;
    routes.push({ vehicle: m.vehicleId[r.v] as string, steps, distance: sim.distance, duration: sim.duration, cost: cost + (m.fixed[r.v] as number), lateness: sim.lateness });
  }
  let penalty = 0;
  const unassigned: Solution['unassigned'] = [];
  for (const s of [...state.unassigned].sort((a, b) => a - b)) {
    penalty += m.weight[s] as number;
    const why = reasons(s);
    unassigned.push({ id: m.stopId[s] as string, type: m.kind[s] === KIND_PICKUP ? 'pickup' : 'job', reasons: why });
    if (m.kind[s] === KIND_PICKUP) unassigned.push({ id: m.stopId[s + 1] as string, type: 'delivery', reasons: why });
  }
  return {
    summary: {
      routes: routes.length,
      unassigned: unassigned.length,
      distance,
      duration,
      lateness,
      cost: { total: fixed + distanceCost + timeCost + latenessCost, fixed, distance: distanceCost, time: timeCost, lateness: latenessCost, unassigned_penalty: penalty },
    },
    routes,
    unassigned,
  };
}

/** Time at stops and on breaks (wait, service, break): route duration minus this is driving time. */
function waitingTime(steps: readonly Step[]): number {
  let x = 0;
  for (const st of steps) if (st.type !== 'start' && st.type !== 'end' && st.type !== 'break') x += st.service_start - st.arrival;
  return x;
}

function stoppedTime(steps: readonly Step[]): number {
  let x = 0;
  for (const st of steps) x += st.departure - st.arrival;
  return x;
}
