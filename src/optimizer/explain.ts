/** Explanations: why a stop stays unassigned, which constraints bind each route, and the plan's cost by component. */
import { newSimResult, simulate } from './model/evaluate.ts';
import type { FailReason } from './model/evaluate.ts';
import { legTime, type Model } from './model/problem.ts';
import type { Solution as State } from './model/solution.ts';
import type { Solution as SolutionJson } from './format/schema.ts';

export type UnassignedReason = FailReason | 'vehicle_not_allowed' | 'unreachable' | 'no_vehicle' | 'vehicle_down';

const sim = newSimResult();
/** A route with a stop inserted somewhere, reused from one position to the next. */
const cand: number[] = [];

/**
 * Hands `visit` the route `nodes` with `alone` inserted at each position from `from` to its end, in one buffer:
 * explaining a plan tries every unassigned stop at every position of every route, and an array per position was most
 * of what a busy replay allocated. `seq` is valid only during the call, its first `len` entries.
 */
export function eachInsertion(nodes: readonly number[], alone: readonly number[], from: number, visit: (seq: readonly number[], len: number) => void): void {
  const a = alone.length;
  const len = nodes.length + a;
  if (cand.length < len) cand.length = len;
  for (let i = 0; i < from; i++) cand[i] = nodes[i] as number;
  for (let k = from; k < nodes.length; k++) cand[k + a] = nodes[k] as number;
  for (let i = from; i <= nodes.length; i++) {
    // Here cand holds nodes[0, i), then alone, then nodes[i, end).
    for (let k = 0; k < a; k++) cand[i + k] = alone[k] as number;
    visit(cand, len);
    if (i < nodes.length) cand[i] = nodes[i] as number;
  }
}

/**
 * The reason every insertion of `alone` into `nodes` fails before the walk, wherever it goes: too many stops, or more
 * load than the van holds (`simulate` checks both first, on the whole sequence). Late in a busy day most vans are full,
 * and summing the load once per route instead of once per position was most of explaining a plan. A total within
 * rounding of the capacity gives no answer, so each position is simulated as before and the outcome stays the same.
 */
function failsAnywhere(m: Model, v: number, nodes: readonly number[], alone: readonly number[]): 'max_stops' | 'capacity' | undefined {
  const len = nodes.length + alone.length;
  if (len > (m.maxStops[v] as number)) return 'max_stops';
  const D = m.dims;
  for (let k = 0; k < D; k++) {
    let total = 0;
    let size = 0;
    for (const list of [nodes, alone]) {
      for (const s of list) {
        const x = m.initLoad[s * D + k] as number;
        total += x;
        size += Math.abs(x);
      }
    }
    // Sums of the same terms in two orders differ by at most 2(n-1)·ε·Σ|x|; beyond that every order agrees.
    const rounding = 2 * len * Number.EPSILON * size;
    if (total - ((m.capacity[v * D + k] as number) + 1e-9) > rounding) return 'capacity';
  }
  return undefined;
}

/** Reason codes blocking request `s`, most decisive first. */
export function explainUnassigned(m: Model, state: State, s: number): UnassignedReason[] {
  const d = m.partner[s] as number;
  const alone = d >= 0 ? [s, d] : [s];
  const owner = d >= 0 ? m.problem.shipments.find((x) => x.pickup.id === m.stopId[s]) : m.problem.jobs.find((x) => x.id === m.stopId[s]);
  const need = owner?.skills ?? [];
  const reasons = new Map<UnassignedReason, number>();
  const add = (r: UnassignedReason, w = 1): void => { reasons.set(r, (reasons.get(r) ?? 0) + w); };
  let anyAlone = false;
  for (let v = 0; v < m.nVehicles; v++) {
    const veh = m.problem.vehicles[v]!;
    if (m.compat[v * m.nStops + s] === 0) {
      if (!need.every((k) => veh.skills?.includes(k) ?? false)) add('skill', 1000);
      else add('vehicle_not_allowed', 1000);
      continue;
    }
    if (!Number.isFinite(legTime(m.profiles[m.profileOf[v] as number]!, m.travel, (m.vStart[v] as number) * m.nNodes + s))) { add('unreachable', 1000); continue; }
    // The stop on its own: what would block it even on an empty vehicle (after the vehicle's frozen prefix)?
    const frozen = m.frozen[v] ?? [];
    const seq = [...frozen, ...alone];
    if (simulate(m, v, seq, seq.length, sim) === Infinity) {
      const why = sim.fail as FailReason;
      if ((why === 'time_window' || why === 'shift') && (m.release[s] as number) > -Infinity) {
        const rel = m.release[s] as number;
        m.release[s] = -Infinity;
        const ok = simulate(m, v, seq, seq.length, sim) < Infinity;
        m.release[s] = rel;
        add(ok ? 'release' : why, 1000);
      } else if (why === 'shift' && veh.unavailable_from !== undefined && veh.unavailable_from < (veh.time_window?.[1] ?? Infinity)) {
        add('vehicle_down', 1000);
      } else add(why, 1000);
      continue;
    }
    anyAlone = true;
    const r = state.routes[v]!;
    if (r.nodes.length === 0) { add('no_vehicle'); continue; }
    // Every position in the vehicle's current route: count which constraint fails.
    const blocked = failsAnywhere(m, v, r.nodes, alone);
    if (blocked) add(blocked, r.nodes.length - r.nFrozen + 1);
    else {
      eachInsertion(r.nodes, alone, r.nFrozen, (seq, len) => {
        if (simulate(m, v, seq, len, sim) === Infinity) add(sim.fail as FailReason);
      });
    }
  }
  if (anyAlone && reasons.size === 0) reasons.set('no_vehicle', 1);
  return [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).map(([r]) => r);
}

export interface RouteExplanation {
  vehicle: string;
  /** Stops served within `tightSeconds` of their window's end. */
  tightWindows: string[];
  /** Peak load over capacity per dimension (0..1). */
  loadFactor: number[];
  /** Seconds between the return and the shift end. */
  shiftSlack: number;
  /** Constraints that bind: `capacity`, `time_window`, `shift`, `max_stops`, `max_distance`, `max_duration`. */
  binding: string[];
}

export interface PlanExplanation {
  routes: RouteExplanation[];
  unassigned: { id: string; reasons: string[] }[];
  cost: SolutionJson['summary']['cost'];
}

/** Binding constraints of every route plus the unassigned reasons and cost summary of a solution. */
export function explainPlan(m: Model, solution: SolutionJson, tightSeconds = 300): PlanExplanation {
  const idx = new Map(m.vehicleId.map((id, i) => [id, i]));
  const stopIdx = new Map(m.stopId.map((id, i) => [id, i]));
  const routes = solution.routes.map((route): RouteExplanation => {
    const v = idx.get(route.vehicle) as number;
    const D = m.dims;
    const peak = new Array<number>(D).fill(0);
    const tight: string[] = [];
    let stops = 0;
    for (const st of route.steps) {
      st.load.forEach((x, k) => { if (x > (peak[k] as number)) peak[k] = x; });
      if (st.id === undefined) continue;
      stops++;
      const s = stopIdx.get(st.id) as number;
      for (let k = m.twOff[s] as number; k < (m.twOff[s + 1] as number); k++) {
        const end = m.twEnd[k] as number;
        if (st.service_start >= (m.twStart[k] as number) && st.service_start <= end && end - st.service_start <= tightSeconds) tight.push(st.id);
      }
    }
    const loadFactor = peak.map((x, k) => { const c = m.capacity[v * D + k] as number; return c > 0 && Number.isFinite(c) ? x / c : 0; });
    const end = route.steps[route.steps.length - 1]!;
    const shiftSlack = (m.shiftEnd[v] as number) - end.arrival;
    const binding: string[] = [];
    if (loadFactor.some((f) => f >= 0.95)) binding.push('capacity');
    if (tight.length > 0) binding.push('time_window');
    if (shiftSlack <= tightSeconds) binding.push('shift');
    if (stops >= (m.maxStops[v] as number)) binding.push('max_stops');
    if (route.distance >= 0.95 * (m.maxDistance[v] as number)) binding.push('max_distance');
    if (route.duration >= (m.maxDuration[v] as number) - tightSeconds) binding.push('max_duration');
    return { vehicle: route.vehicle, tightWindows: tight, loadFactor, shiftSlack, binding };
  });
  return {
    routes,
    unassigned: solution.unassigned.map((u) => ({ id: u.id, reasons: u.reasons })),
    cost: solution.summary.cost,
  };
}
