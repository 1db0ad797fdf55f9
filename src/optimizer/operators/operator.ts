/** The shape of a local-search move (as in VROOM): its gain, whether it is valid, and how to apply it. */
import { newSimResult, simulate } from '../model/evaluate.ts';
import type { Model } from '../model/problem.ts';
import type { Route, Solution } from '../model/solution.ts';

export interface Move {
  readonly name: string;
  /** Cost saved by the move (positive is better); Infinity-safe: an invalid move has gain -Infinity. */
  gain(): number;
  valid(): boolean;
  apply(): void;
}

const sim = newSimResult();

/** Cost of a candidate sequence for a vehicle, fixed cost included when non-empty; Infinity if infeasible. */
export function sequenceCost(m: Model, v: number, seq: readonly number[]): number {
  if (seq.length === 0) return 0;
  const c = simulate(m, v, seq, seq.length, sim);
  // In `vehicles` mode an emptied route is worth more than any travel saving.
  return c + (m.fixed[v] as number) + (m.vehiclesObjective ? 1e9 : 0);
}

/** Current cost of a route on the same scale as `sequenceCost`. */
export function routeCost(m: Model, r: Route): number {
  return r.nodes.length === 0 ? 0 : r.cost + (m.fixed[r.v] as number) + (m.vehiclesObjective ? 1e9 : 0);
}

/** Replaces two routes' stops (or one, when `b` is null) and refreshes caches. */
export function replaceRoutes(sol: Solution, a: Route, seqA: number[], b: Route | null, seqB: number[] | null): void {
  sol.touch(a);
  for (const s of a.nodes) sol.routeOf[s] = -1;
  if (b && seqB) {
    sol.touch(b);
    for (const s of b.nodes) sol.routeOf[s] = -1;
    b.nodes = seqB;
  }
  a.nodes = seqA;
  sol.update(a);
  if (b) sol.update(b);
}
