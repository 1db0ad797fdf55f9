/** 2-opt*: exchange the tails of two routes after positions `i` and `j` (single-stop requests only). */
import type { Route, Solution } from '../model/solution.ts';
import type { Move } from './operator.ts';
import { replaceRoutes, routeCost, sequenceCost } from './operator.ts';

/** Route `a` keeps its first `i` stops then takes `b`'s from `j`; `b` keeps `j` and takes `a`'s tail. */
export function twoOptStar(sol: Solution, a: Route, i: number, b: Route, j: number): Move {
  const m = sol.m;
  let computed = false;
  let g = -Infinity;
  let seqA: number[] = [];
  let seqB: number[] = [];
  const compute = (): void => {
    if (computed) return;
    computed = true;
    if (a === b || i < a.nFrozen || j < b.nFrozen) return;
    const tailA = a.nodes.slice(i);
    const tailB = b.nodes.slice(j);
    // Shipments would be split by the cut; only tails of jobs move.
    if (tailA.some((s) => (m.partner[s] as number) >= 0) || tailB.some((s) => (m.partner[s] as number) >= 0)) return;
    if (tailA.some((s) => m.compat[b.v * m.nStops + s] === 0) || tailB.some((s) => m.compat[a.v * m.nStops + s] === 0)) return;
    seqA = a.nodes.slice(0, i).concat(tailB);
    seqB = b.nodes.slice(0, j).concat(tailA);
    g = routeCost(m, a) + routeCost(m, b) - sequenceCost(m, a.v, seqA) - sequenceCost(m, b.v, seqB);
  };
  return {
    name: 'two_opt_star',
    gain: () => { compute(); return g; },
    valid: () => { compute(); return g > -Infinity; },
    apply: () => { compute(); replaceRoutes(sol, a, seqA, b, seqB); },
  };
}
