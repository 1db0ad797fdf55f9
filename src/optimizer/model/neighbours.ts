/** Neighbour lists: for each stop, other stops by increasing distance (what string removals walk). */
import type { Model } from './problem.ts';

/** Up to `k` nearest stops of each stop, the stop itself first; flat, `k + 1` per stop. */
export function neighbourLists(m: Pick<Model, 'nStops' | 'nNodes' | 'travel'>, k: number): { list: Int32Array; width: number } {
  const S = m.nStops;
  const width = Math.min(S, k + 1);
  const list = new Int32Array(S * width);
  const N = m.nNodes;
  const dist = m.travel.distance;
  const order = new Int32Array(S);
  const key = new Float64Array(S);
  // Nearer first, then the lower index: a total order (a difference that is not a number, Infinity less Infinity,
  // counts as a tie), so the nearest `width` and their order are the same however they are found.
  const before = (a: number, b: number): boolean => {
    const d = (key[a] as number) - (key[b] as number);
    return d < 0 || (!(d > 0) && a < b);
  };
  const byNearness = (a: number, b: number): number => (before(a, b) ? -1 : before(b, a) ? 1 : 0);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < S; j++) {
      order[j] = j;
      // Symmetrised so asymmetric matrices still give a sensible notion of "near".
      key[j] = j === s ? -1 : (dist[s * N + j] as number) + (dist[j * N + s] as number);
    }
    // The nearest `width` to the front, then only they are sorted: a full sort of every stop per stop was most of
    // what a breakdown's re-plan spent before its search began.
    nearestFirst(order, width, before);
    const nearest = order.subarray(0, width).sort(byNearness);
    list.set(nearest, s * width);
  }
  return { list, width };
}

/** Moves the `count` first elements of `order` (under `before`) to its front, in no particular order. */
function nearestFirst(order: Int32Array, count: number, before: (a: number, b: number) => boolean): void {
  const kth = count - 1;
  let lo = 0;
  let hi = order.length - 1;
  while (hi > lo) {
    const a = order[lo] as number;
    const b = order[(lo + hi) >> 1] as number;
    const c = order[hi] as number;
    const pivot = before(a, b) ? (before(b, c) ? b : before(a, c) ? c : a) : before(a, c) ? a : before(b, c) ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (before(order[i] as number, pivot)) i++;
      while (before(pivot, order[j] as number)) j--;
      if (i <= j) {
        const t = order[i] as number;
        order[i] = order[j] as number;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else return;
  }
}

/** Distance from each stop to its route's typical depot (the first vehicle's start), for sort orders. */
export function depotDistances(m: Model): Float64Array {
  const out = new Float64Array(m.nStops);
  const depot = m.vStart[0] as number;
  for (let s = 0; s < m.nStops; s++) out[s] = m.travel.distance[depot * m.nNodes + s] as number;
  return out;
}
