/** Turns the search state into the JSON solution: routes with timed steps, unassigned stops with reason codes. */
import { newSimResult, simulate } from '../model/evaluate.ts';
import type { Model } from '../model/problem.ts';
import { KIND_DELIVERY, KIND_PICKUP } from '../model/problem.ts';
import type { Solution as State } from '../model/solution.ts';
import type { Route, Solution, Step } from './schema.ts';

/** One route's JSON and what it adds to the solution's summary. */
interface RouteOut {
  route: Route;
  fixed: number;
  latenessCost: number;
  distanceCost: number;
  timeCost: number;
  distance: number;
  duration: number;
  lateness: number;
}

/**
 * Routes as last written for one model, by vehicle, with their stops: a live plan reads its solution after every
 * insertion, and an insertion changes a route or two of fifty. A route with the same stops on the same model is the
 * same JSON, so it is handed out again (frozen) instead of simulated and written anew.
 */
export class RouteCache {
  private m: Model | undefined;
  private byVehicle = new Map<number, { nodes: number[]; out: RouteOut }>();

  /** The route's output when `m` and the route's stops are those it was written for. */
  get(m: Model, v: number, nodes: readonly number[]): RouteOut | undefined {
    if (m !== this.m) {
      this.m = m;
      this.byVehicle.clear();
      return undefined;
    }
    const hit = this.byVehicle.get(v);
    if (!hit || hit.nodes.length !== nodes.length) return undefined;
    for (let i = 0; i < nodes.length; i++) if (hit.nodes[i] !== nodes[i]) return undefined;
    return hit.out;
  }

  /** Drops the routes through stop `s`: its slot was retired, and may take another job with the same index. */
  forget(s: number): void {
    for (const [v, hit] of this.byVehicle) if (hit.nodes.includes(s)) this.byVehicle.delete(v);
  }

  set(v: number, nodes: readonly number[], out: RouteOut): void {
    for (const step of out.route.steps) {
      Object.freeze(step.load);
      Object.freeze(step);
    }
    Object.freeze(out.route.steps);
    Object.freeze(out.route);
    this.byVehicle.set(v, { nodes: [...nodes], out });
  }
}

/** One route written out: its timed steps, and its share of each summary figure. */
function routeOut(m: Model, r: State['routes'][number]): RouteOut {
  const sim = newSimResult();
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
  // The hourly rate is paid while the van waits at a door too (the route's cost counts it as well).
  const timeCost = perKm === undefined && perHour === undefined ? travelTime : perHour !== undefined ? (perHour / 3600) * (travelTime + waitingTime(steps)) : 0;
  return {
    route: { vehicle: m.vehicleId[r.v] as string, steps, distance: sim.distance, duration: sim.duration, cost: cost + (m.fixed[r.v] as number), lateness: sim.lateness },
    fixed: m.fixed[r.v] as number, latenessCost: sim.latenessCost, distanceCost: ((perKm ?? 0) / 1000) * sim.distance, timeCost,
    distance: sim.distance, duration: sim.duration, lateness: sim.lateness,
  };
}

/**
 * The solution JSON of a state; `reasons` gives each unassigned request's reason codes. With `cache`, routes unchanged
 * since the last call on the same model are the last call's (frozen) objects.
 */
export function toSolutionJson(m: Model, state: State, reasons: (s: number) => string[], cache?: RouteCache): Solution {
  const routes: Route[] = [];
  let fixed = 0;
  let latenessCost = 0;
  let distance = 0;
  let duration = 0;
  let lateness = 0;
  let timeCost = 0;
  let distanceCost = 0;
  for (const r of state.routes) {
    if (r.nodes.length === 0) continue;
    let out = cache?.get(m, r.v, r.nodes);
    if (!out) {
      out = routeOut(m, r);
      cache?.set(r.v, r.nodes, out);
    }
    distanceCost += out.distanceCost;
    timeCost += out.timeCost;
    fixed += out.fixed;
    latenessCost += out.latenessCost;
    distance += out.distance;
    duration += out.duration;
    lateness += out.lateness;
    routes.push(out.route);
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
