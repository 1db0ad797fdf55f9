/** Best-improvement local search with relocate and 2-opt* around some routes: the short repair after an event. */
import type { Route, Solution } from '../model/solution.ts';
import type { Move } from './operator.ts';
import { relocate } from './relocate.ts';
import { twoOptStar } from './two-opt-star.ts';

/** Applies the best improving move touching `focus` routes until none improves or `maxMoves` are made. */
export function localRepair(sol: Solution, focus: readonly Route[], maxMoves = 20): number {
  const active = new Set(focus);
  let moves = 0;
  while (moves < maxMoves) {
    let best: Move | null = null;
    let bestGain = 1e-9;
    const consider = (mv: Move): void => {
      const g = mv.gain();
      if (g > bestGain) { bestGain = g; best = mv; }
    };
    for (const r of active) {
      for (let k = r.nFrozen; k < r.nodes.length; k++) {
        const s = r.nodes[k] as number;
        if (sol.m.kind[s] === 2) continue;
        for (const to of sol.routes) {
          if (to.nodes.length === 0 && to !== r) continue;
          const limit = to === r ? to.nodes.length - 1 : to.nodes.length;
          for (let p = to.nFrozen; p <= limit; p++) consider(relocate(sol, s, to, p));
        }
      }
      for (const o of sol.routes) {
        if (o === r || o.nodes.length === 0) continue;
        for (let i = r.nFrozen; i <= r.nodes.length; i++) for (let j = o.nFrozen; j <= o.nodes.length; j++) consider(twoOptStar(sol, r, i, o, j));
      }
    }
    const chosen = best as Move | null;
    if (!chosen) break;
    chosen.apply();
    moves++;
  }
  return moves;
}
