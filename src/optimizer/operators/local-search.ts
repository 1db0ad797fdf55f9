/** Local repair after an event: relocate stops of the touched routes to cheaper places, then 2-opt* between routes. */
import { bestInRoute, noInsertion, openCost } from '../construction/insert.ts';
import { newSimResult, simulate } from '../model/evaluate.ts';
import type { Route, Solution } from '../model/solution.ts';
import type { Move } from './operator.ts';
import { relocate } from './relocate.ts';
import { twoOptStar } from './two-opt-star.ts';

const tmp = noInsertion();
const sim = newSimResult();

/** What route `r` saves without request `s` (its pair too), opening cost included if it empties. */
function removalSaving(sol: Solution, r: Route, s: number): number {
  const m = sol.m;
  const d = m.partner[s] as number;
  const rest = r.nodes.filter((x) => x !== s && x !== d);
  if (rest.length === 0) return r.cost + openCost(m, r.v);
  const c = simulate(m, r.v, rest, rest.length, sim);
  return c === Infinity ? -Infinity : r.cost - c;
}

/** Moves requests of `focus` routes to their cheapest feasible place elsewhere while that saves cost. */
export function relocatePass(sol: Solution, focus: readonly Route[], maxMoves: number): number {
  const m = sol.m;
  let moves = 0;
  for (const from of focus) {
    for (let k = from.nFrozen; k < from.nodes.length && moves < maxMoves; k++) {
      const s = from.nodes[k] as number;
      if (m.kind[s] === 2) continue;
      const saving = removalSaving(sol, from, s);
      let best: Route | null = null;
      let bestDelta = saving - 1e-9;
      let pos = -1;
      let pos2 = -1;
      for (const to of sol.routes) {
        if (to === from) continue;
        bestInRoute(sol, to, s, tmp, null, 0);
        if (tmp.pos < 0) continue;
        const delta = tmp.delta + (to.nodes.length === 0 ? openCost(m, to.v) : 0);
        if (delta < bestDelta) { bestDelta = delta; best = to; pos = tmp.pos; pos2 = tmp.pos2; }
      }
      if (!best) continue;
      const mv = relocate(sol, s, best, pos, pos2);
      if (mv.valid() && mv.gain() > 1e-9) {
        mv.apply();
        moves++;
        k = from.nFrozen - 1;
      }
    }
  }
  return moves;
}

/** Best-improvement 2-opt* between `focus` routes and all others, up to `maxMoves` moves. */
export function twoOptStarPass(sol: Solution, focus: readonly Route[], maxMoves: number): number {
  let moves = 0;
  while (moves < maxMoves) {
    let best: Move | null = null;
    let bestGain = 1e-9;
    for (const r of focus) {
      for (const o of sol.routes) {
        if (o === r || o.nodes.length === 0) continue;
        for (let i = r.nFrozen; i <= r.nodes.length; i++) {
          for (let j = o.nFrozen; j <= o.nodes.length; j++) {
            const mv = twoOptStar(sol, r, i, o, j);
            const g = mv.gain();
            if (g > bestGain) { bestGain = g; best = mv; }
          }
        }
      }
    }
    const chosen = best as Move | null;
    if (!chosen) break;
    chosen.apply();
    moves++;
  }
  return moves;
}

/** Relocate, then 2-opt* when `twoOpt` is set: the short repair after an insertion or a removal. */
export function localRepair(sol: Solution, focus: readonly Route[], maxMoves = 20, twoOpt = false): number {
  let moves = relocatePass(sol, focus, maxMoves);
  if (twoOpt) moves += twoOptStarPass(sol, focus, maxMoves - moves);
  return moves;
}
