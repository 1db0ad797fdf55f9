/** Neighbour lists: each stop's nearest stops, nearest first, the same as sorting every stop by distance. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../domain/random.ts';
import { neighbourLists } from './neighbours.ts';

/** Every stop sorted by symmetrised distance, ties by index: what the lists must begin with. */
function sortedFully(dist: Float64Array, S: number, N: number, width: number): number[][] {
  return Array.from({ length: S }, (_, s) => {
    const key = (j: number) => (j === s ? -1 : (dist[s * N + j] as number) + (dist[j * N + s] as number));
    return Array.from({ length: S }, (_, j) => j).sort((a, b) => key(a) - key(b) || a - b).slice(0, width);
  });
}

describe('neighbour lists', () => {
  it('list the nearest stops of each stop in order, as a full sort does, ties, unreachable pairs and asymmetry included', () => {
    const rng = createRng('neighbours');
    for (let round = 0; round < 60; round++) {
      const S = 1 + Math.floor(rng.next() * 60);
      const N = S + 2;
      const dist = new Float64Array(N * N);
      // Few distinct distances, so ties are common; some pairs unreachable.
      for (let i = 0; i < N * N; i++) dist[i] = rng.next() < 0.05 ? Infinity : Math.floor(rng.next() * 8);
      const k = Math.floor(rng.next() * (S + 3));
      const { list, width } = neighbourLists({ nStops: S, nNodes: N, travel: { n: N, distance: dist, duration: dist } }, k);
      expect(width).toBe(Math.min(S, k + 1));
      const got = Array.from({ length: S }, (_, s) => Array.from(list.subarray(s * width, (s + 1) * width)));
      expect(got, `round ${round}`).toEqual(sortedFully(dist, S, N, width));
    }
  });
});
