/** Travel matrices extended from an earlier event's: the same figures as computing them all afresh. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../domain/random.ts';
import { euclidean, euclideanPair, extendMatrices, haversine, haversinePair, memoryOf, type TravelMatrices } from './travel.ts';

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

    it(`writes the ${k.name} figures over reused memory, leaving none of what it held`, () => {
      const before = points(`${k.name}-e`, 50, k.scale, k.origin);
      const fresh = points(`${k.name}-f`, 5, k.scale, k.origin);
      const after = [...before.filter((_, i) => i % 7 !== 3), ...fresh];
      // Memory as a dead matrix leaves it: larger than needed and full of figures that are not these.
      const dead = { distance: new Float64Array(80 * 80).fill(Number.NaN), duration: new Float64Array(80 * 80).fill(-1) };
      const extended = extendMatrices(after, { points: before, travel: k.build(before) }, k.build, k.pair, dead);
      const full = k.build(after);
      expect(extended.distance.buffer).toBe(dead.distance.buffer);
      expect(extended.distance.length).toBe(after.length ** 2);
      expect(Array.from(extended.distance)).toEqual(Array.from(full.distance));
      expect(Array.from(extended.duration)).toEqual(Array.from(full.duration));
    });
  }

  it('takes new memory, with room to grow, when the memory offered is too small, and never the memory it reads from', () => {
    const before = points('g', 30, 100, [0, 0]);
    const after = [...before, ...points('h', 3, 100, [0, 0])];
    const old = euclidean(before, 1);
    const small = { distance: new Float64Array(30 * 30), duration: new Float64Array(30 * 30) };
    const grown = extendMatrices(after, { points: before, travel: old }, (p) => euclidean(p, 1), euclideanPair(1), small);
    expect(grown.distance.buffer).not.toBe(small.distance.buffer);
    // The room: a later, larger matrix fits in this one's memory.
    expect(memoryOf(grown).distance.length).toBeGreaterThan(40 * 40);
    expect(Array.from(grown.distance)).toEqual(Array.from(euclidean(after, 1).distance));
    const again = extendMatrices(after, { points: before, travel: old }, (p) => euclidean(p, 1), euclideanPair(1), memoryOf(old));
    expect(again.distance.buffer).not.toBe(old.distance.buffer);
    expect(Array.from(again.duration)).toEqual(Array.from(euclidean(after, 1).duration));
  });
});
