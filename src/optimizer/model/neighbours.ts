/** Neighbour lists: for each stop, other stops by increasing distance (what string removals walk). */
import type { Model } from './problem.ts';

/** Up to `k` nearest stops of each stop, the stop itself first; flat, `k + 1` per stop. */
export function neighbourLists(m: Model, k: number): { list: Int32Array; width: number } {
  const S = m.nStops;
  const width = Math.min(S, k + 1);
  const list = new Int32Array(S * width);
  const N = m.nNodes;
  const dist = m.travel.distance;
  const idx = new Int32Array(S);
  const key = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < S; j++) {
      idx[j] = j;
      // Symmetrised so asymmetric matrices still give a sensible notion of "near".
      key[j] = j === s ? -1 : (dist[s * N + j] as number) + (dist[j * N + s] as number);
    }
    const sorted = Array.from(idx).sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
    for (let j = 0; j < width; j++) list[s * width + j] = sorted[j] as number;
  }
  return { list, width };
}

/** Distance from each stop to its route's typical depot (the first vehicle's start), for sort orders. */
export function depotDistances(m: Model): Float64Array {
  const out = new Float64Array(m.nStops);
  const depot = m.vStart[0] as number;
  for (let s = 0; s < m.nStops; s++) out[s] = m.travel.distance[depot * m.nNodes + s] as number;
  return out;
}
