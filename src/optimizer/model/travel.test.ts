/** Travel matrices extended from an earlier event's: the same figures as computing them all afresh. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../domain/random.ts';
import { euclidean, euclideanPair, extendMatrices, haversine, haversinePair, type TravelMatrices } from './travel.ts';

type Pt = readonly [number, number];

function points(seed: string, n: number, scale: number, origin: Pt): Pt[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => [origin[0] + rng.next() * scale, origin[1] + rng.next() * scale] as const);
}

describe('extendMatrices', () => {
  const kinds = [
    { name: 'euclidean', build: (p: readonly Pt[]) => euclidean(p, 1.5), pair: euclideanPair(1.5), origin: [0, 0] as Pt, scale: 100 },
    { name: 'haversine', build: (p: readonly Pt[]) => haversine(p, 1.3, 50), pair: haversinePair(1.3, 50), origin: [4.3, 50.8] as Pt, scale: 0.5 },
  ];
  for (const k of kinds) {
    it(`gives the ${k.name} figures a full build gives, for kept, new and reordered points`, () => {
      const before = points(`${k.name}-a`, 40, k.scale, k.origin);
      const fresh = points(`${k.name}-b`, 6, k.scale, k.origin);
      // The next event drops some points, keeps the rest in another order and adds a few.
      const after = [...fresh.slice(0, 3), ...before.filter((_, i) => i % 3 !== 0).reverse(), ...fresh.slice(3)];
      const old: TravelMatrices = k.build(before);
      const extended = extendMatrices(after, { points: before, travel: old }, k.build, k.pair);
      const full = k.build(after);
      expect(extended.n).toBe(after.length);
      expect(Array.from(extended.distance)).toEqual(Array.from(full.distance));
      expect(Array.from(extended.duration)).toEqual(Array.from(full.duration));
    });

    it(`gives the ${k.name} figures a full build gives when kept points stay in order, a few dropped and new ones between`, () => {
      const before = points(`${k.name}-c`, 60, k.scale, k.origin);
      const fresh = points(`${k.name}-d`, 8, k.scale, k.origin);
      const after: Pt[] = [];
      before.forEach((p, i) => {
        if (i % 11 === 5) return;
        if (i % 9 === 0) after.push(fresh[i / 9]!);
        after.push(p);
      });
      after.push(fresh[7]!);
      const extended = extendMatrices(after, { points: before, travel: k.build(before) }, k.build, k.pair);
      const full = k.build(after);
      expect(Array.from(extended.distance)).toEqual(Array.from(full.distance));
      expect(Array.from(extended.duration)).toEqual(Array.from(full.duration));
    });
  }
});
