/** Relocate: move one request (a shipment moves as a pair) to another position, in its own or another route. */
import type { Route, Solution } from '../model/solution.ts';
import type { Move } from './operator.ts';
import { replaceRoutes, routeCost, sequenceCost } from './operator.ts';

/** Moves request `s` from its route to route `to`, at `pos` (and its delivery at `pos2` for shipments). */
export function relocate(sol: Solution, s: number, to: Route, pos: number, pos2 = -1): Move {
  const m = sol.m;
  const from = sol.routes[sol.routeOf[s] as number] as Route;
  const d = m.partner[s] as number;
  let computed = false;
  let g = -Infinity;
  let seqFrom: number[] = [];
  let seqTo: number[] = [];
  const compute = (): void => {
    if (computed) return;
    computed = true;
    if (m.compat[to.v * m.nStops + s] === 0 || pos < to.nFrozen || (sol.posOf[s] as number) < from.nFrozen) return;
    const rest = from.nodes.filter((x) => x !== s && x !== d);
    const base = from === to ? rest : to.nodes;
    seqTo = base.slice();
    seqTo.splice(Math.min(pos, seqTo.length), 0, s);
    if (d >= 0) seqTo.splice(Math.min(pos2 < 0 ? pos + 1 : pos2, seqTo.length), 0, d);
    seqFrom = rest;
    const before = routeCost(m, from) + (from === to ? 0 : routeCost(m, to));
    const after = from === to ? sequenceCost(m, to.v, seqTo) : sequenceCost(m, from.v, seqFrom) + sequenceCost(m, to.v, seqTo);
    g = before - after;
  };
  return {
    name: 'relocate',
    gain: () => { compute(); return g; },
    valid: () => { compute(); return g > -Infinity; },
    apply: () => {
      compute();
      if (from === to) replaceRoutes(sol, to, seqTo, null, null);
      else replaceRoutes(sol, from, seqFrom, to, seqTo);
    },
  };
}
