/** The anytime search: SISR ruin-and-recreate under simulated annealing, with a fleet-minimisation phase first. */
import type { Rng } from '../domain/random.ts';
import { resetBlinks } from './construction/insert.ts';
import { recreate, sortRequests } from './construction/recreate.ts';
import { depotDistances, neighbourLists } from './model/neighbours.ts';
import { legCost } from './model/problem.ts';
import { compareObjective, Solution } from './model/solution.ts';
import type { Objective } from './model/solution.ts';
import { DEFAULT_STRING_REMOVAL, ruinStrings } from './operators/string-removal.ts';
import type { Neighbours } from './operators/string-removal.ts';

/** How long to search: an iteration count (reproducible) or milliseconds measured by `now` (anytime). */
export type Budget = { iterations: number } | { timeLimitMs: number; now: () => number };

export interface SearchOptions {
  budget: Budget;
  /** Share of the budget given to removing vehicles when the objective counts them. */
  fleetShare: number;
  blink: number;
  /** Start and final temperature as multiples of the mean nearest-neighbour cost. */
  t0: number;
  tf: number;
  /** Probability that a fleet-minimisation ruin starts next to an unassigned stop. */
  fmFocus: number;
  /** Fleet minimisation gives up after this share of the budget without progress (once `fleetMin` is spent). */
  fleetStall: number;
  fleetMin: number;
}

export const DEFAULT_SEARCH = { fleetShare: 0.5, blink: 0.01, t0: 10, tf: 0.05, fmFocus: 0.5, fleetStall: 0.12, fleetMin: 0.1 } as const;

interface Clock {
  /** Progress of the phase in [0, 1]; at least 1 when it must stop. */
  progress(): number;
}

/** A phase that runs from now until fraction `to` of the whole budget (measured from `origin`) is spent. */
function phaseClock(budget: Budget, origin: number, to: number, counter: { it: number }): Clock {
  if ('iterations' in budget) {
    const a = counter.it;
    const b = Math.floor(budget.iterations * to);
    return { progress: () => (b <= a ? 1 : (counter.it - a) / (b - a)) };
  }
  const t0 = budget.now();
  const end = origin + budget.timeLimitMs * to;
  return { progress: () => (end <= t0 ? 1 : (budget.now() - t0) / (end - t0)) };
}

/** Improves `sol` in place and returns the best solution found. */
export function search(sol: Solution, rng: Rng, opt: SearchOptions, counter: { it: number } = { it: 0 }): Solution {
  const m = sol.m;
  resetBlinks();
  const nb = neighbourLists(m, Math.min(m.nStops, 150));
  const depot = depotDistances(m);
  const scale = meanNeighbourCost(sol, nb);
  const origin = 'now' in opt.budget ? opt.budget.now() : 0;
  const best = new Solution(m);
  best.copyFrom(sol);
  const fleetTo = m.vehiclesObjective ? opt.fleetShare : 0;
  if (fleetTo > 0) {
    const clock = phaseClock(opt.budget, origin, fleetTo, counter);
    // Stagnation is measured in the phase's own progress units.
    minimiseFleet(sol, best, rng, nb, depot, opt, clock, counter, opt.fleetStall / fleetTo, opt.fleetMin / fleetTo);
    sol.copyFrom(best);
  }
  const clock = phaseClock(opt.budget, origin, 1, counter);
  anneal(sol, best, rng, nb, depot, opt, clock, counter, scale);
  return best;
}

function meanNeighbourCost(sol: Solution, nb: Neighbours): number {
  const m = sol.m;
  const p = m.profiles[0]!;
  let sum = 0;
  let k = 0;
  for (let s = 0; s < m.nStops; s++) {
    for (let j = 1; j < Math.min(nb.width, 6); j++) {
      const c = legCost(p, m.travel, s * m.nNodes + (nb.list[s * nb.width + j] as number));
      if (Number.isFinite(c)) { sum += c; k++; }
    }
  }
  return k > 0 && sum > 0 ? sum / k : 1;
}

function anneal(sol: Solution, best: Solution, rng: Rng, nb: Neighbours, depot: Float64Array, opt: SearchOptions, clock: Clock, counter: { it: number }, scale: number): void {
  const t0 = opt.t0 * scale;
  const tf = opt.tf * scale;
  let cur = sol.objective();
  let bestObj = best.objective();
  for (;;) {
    const progress = clock.progress();
    if (progress >= 1) break;
    counter.it++;
    const temp = t0 * Math.pow(tf / t0, progress);
    sol.checkpoint();
    const removed = ruinStrings(sol, rng, nb, DEFAULT_STRING_REMOVAL);
    for (const s of sol.unassigned) removed.push(s);
    sol.unassigned = [];
    sortRequests(sol.m, removed, rng, undefined, depot);
    recreate(sol, removed, rng, { blink: opt.blink, allowNew: true });
    const next = sol.objective();
    if (accept(next, cur, temp, rng)) {
      cur = next;
      if (compareObjective(next, bestObj) < 0) {
        best.copyFrom(sol);
        bestObj = next;
      }
    } else sol.rollback();
  }
}

function accept(next: Objective, cur: Objective, temp: number, rng: Rng): boolean {
  if (next.unassigned !== cur.unassigned) return next.unassigned < cur.unassigned;
  if (next.vehicles !== cur.vehicles) return next.vehicles < cur.vehicles;
  return next.cost < cur.cost - temp * Math.log(rng.next());
}

/** SISR fleet minimisation: drop a route, then ruin-and-recreate without new routes until its stops fit elsewhere. */
function minimiseFleet(sol: Solution, best: Solution, rng: Rng, nb: Neighbours, depot: Float64Array, opt: SearchOptions, clock: Clock, counter: { it: number }, stall: number, minimum: number): void {
  const m = sol.m;
  const absence = new Int32Array(m.nStops);
  const baseUnassigned = best.objective().unassigned;
  const fleet = new Uint8Array(m.nVehicles);
  if (!dropRoute(sol, rng, fleet)) return;
  let cur = sol.unassigned.slice();
  let fewest = cur.length;
  let lastGain = 0;
  for (;;) {
    const progress = clock.progress();
    // Stop when done, or when the current target has not come closer for a while: the rest goes to distance.
    if (progress >= 1 || (progress > minimum && progress - lastGain > stall)) break;
    counter.it++;
    sol.checkpoint();
    // Ruin around a stop left out, to make room where it is needed.
    const hint = sol.unassigned.length > 0 && rng.next() < opt.fmFocus ? (sol.unassigned[Math.floor(rng.next() * sol.unassigned.length)] as number) : -1;
    const removed = ruinStrings(sol, rng, nb, DEFAULT_STRING_REMOVAL, hint);
    for (const s of sol.unassigned) removed.push(s);
    sol.unassigned = [];
    sortRequests(m, removed, rng, absence, depot);
    recreate(sol, removed, rng, { blink: opt.blink, allowNew: false, fleet });
    const count = sol.unassigned.length;
    // Absence counts grow for every stop left out, so the current solution is re-scored each time.
    const better = count < cur.length || sumAbsence(sol.unassigned, absence) < sumAbsence(cur, absence);
    for (const s of sol.unassigned) absence[s] = (absence[s] as number) + 1;
    if (better) {
      cur = sol.unassigned.slice();
      if (cur.length < fewest) {
        fewest = cur.length;
        lastGain = progress;
      }
      if (sol.objective().unassigned <= baseUnassigned) {
        best.copyFrom(sol);
        if (!dropRoute(sol, rng, fleet)) return;
        cur = sol.unassigned.slice();
        fewest = cur.length;
        lastGain = progress;
      }
    } else sol.rollback();
  }
}

function sumAbsence(list: readonly number[], absence: Int32Array): number {
  let x = 0;
  for (const s of list) x += absence[s] as number;
  return x;
}

/** Empties one used route with no frozen stops (a short one, chosen at random among the shortest three). */
function dropRoute(sol: Solution, rng: Rng, fleet: Uint8Array): boolean {
  const cands = sol.routes.filter((r) => r.nodes.length > 0 && r.nFrozen === 0).sort((a, b) => a.nodes.length - b.nodes.length || a.v - b.v);
  if (cands.length <= 1) return false;
  const r = cands[Math.floor(rng.next() * Math.min(3, cands.length))]!;
  fleet.fill(0);
  for (const x of sol.routes) if (x.nodes.length > 0 && x !== r) fleet[x.v] = 1;
  sol.checkpoint();
  const reqs = r.nodes.filter((s) => sol.m.kind[s] !== 2);
  for (const s of reqs) {
    sol.remove(s);
    sol.unassigned.push(s);
  }
  return true;
}
