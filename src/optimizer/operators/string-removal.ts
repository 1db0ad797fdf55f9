/** Ruin by adjacent string removals (SISR, Christiaens & Vanden Berghe 2020): strings from routes near a random seed. */
import type { Rng } from '../../domain/random.ts';
import type { Solution } from '../model/solution.ts';

export interface StringRemovalParams {
  /** Average number of removed stops. */
  cbar: number;
  /** Maximum string length. */
  lmax: number;
  /** Probability of a split string (a string with a preserved middle part). */
  splitRate: number;
  /** Probability to stop growing the preserved part. */
  splitDepth: number;
}

export const DEFAULT_STRING_REMOVAL: StringRemovalParams = { cbar: 10, lmax: 10, splitRate: 0.5, splitDepth: 0.01 };

export interface Neighbours {
  list: Int32Array;
  width: number;
}

/** Removes strings of stops near `seedHint` (routed or not) or a random routed stop; returns the removed requests. */
export function ruinStrings(sol: Solution, rng: Rng, nb: Neighbours, p: StringRemovalParams, seedHint = -1): number[] {
  const m = sol.m;
  let routed = 0;
  let used = 0;
  for (const r of sol.routes) {
    const movable = r.nodes.length - r.nFrozen;
    if (movable > 0) { routed += movable; used++; }
  }
  const removed: number[] = [];
  if (routed === 0) return removed;
  const lsMax = Math.min(p.lmax, routed / used);
  const ksMax = (4 * p.cbar) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * ksMax) + 1;
  let seed = seedHint;
  if (seed < 0) {
    // A random routed, movable stop.
    let k = Math.floor(rng.next() * routed);
    for (const r of sol.routes) {
      const movable = r.nodes.length - r.nFrozen;
      if (k < movable) { seed = r.nodes[r.nFrozen + k] as number; break; }
      k -= movable;
    }
  }
  const ruined: number[] = [];
  const base = seed * nb.width;
  for (let j = 0; j < nb.width && ruined.length < ks; j++) {
    const c = nb.list[base + j] as number;
    const v = sol.routeOf[c] as number;
    if (v < 0 || ruined.includes(v)) continue;
    const r = sol.routes[v]!;
    const movable = r.nodes.length - r.nFrozen;
    const pos = sol.posOf[c] as number;
    if (movable <= 0 || pos < r.nFrozen) continue;
    const ltMax = Math.min(movable, lsMax);
    const lt = Math.floor(rng.next() * ltMax) + 1;
    ruined.push(v);
    if (lt < movable && rng.next() < p.splitRate) splitString(sol, v, pos, lt, rng, p, removed);
    else cutString(sol, v, pos, lt, 0, rng, removed);
  }
  return removed;
}

function cutString(sol: Solution, v: number, pos: number, len: number, keep: number, rng: Rng, out: number[]): void {
  const r = sol.routes[v]!;
  const n = r.nodes.length;
  const total = len + keep;
  const lo = Math.max(r.nFrozen, pos - total + 1);
  const hi = Math.min(pos, n - total);
  const start = lo + Math.floor(rng.next() * (hi - lo + 1));
  // With a preserved part, `keep` consecutive stops at a random offset inside the string stay.
  const keepAt = keep > 0 ? start + 1 + Math.floor(rng.next() * Math.max(1, len - 1)) : -1;
  const victims: number[] = [];
  for (let i = start; i < start + total; i++) {
    if (keepAt >= 0 && i >= keepAt && i < keepAt + keep) continue;
    victims.push(r.nodes[i] as number);
  }
  const m = sol.m;
  for (const s of victims) {
    const req = m.kind[s] === 2 ? (m.partner[s] as number) : s;
    // A shipment whose pickup is frozen (already on board) keeps its delivery on this vehicle.
    if (sol.routeOf[req] !== v || (sol.posOf[req] as number) < r.nFrozen) continue;
    sol.remove(req);
    out.push(req);
  }
}

function splitString(sol: Solution, v: number, pos: number, lt: number, rng: Rng, p: StringRemovalParams, out: number[]): void {
  const movable = sol.routes[v]!.nodes.length - sol.routes[v]!.nFrozen;
  let keep = 1;
  while (lt + keep < movable && rng.next() > p.splitDepth && rng.next() < 0.5) keep++;
  cutString(sol, v, pos, lt, keep, rng, out);
}
