/** Keyed draws: each random number comes from the seed and a label of what it decides, so no draw depends on the order
 * the simulation happens to make them in (a re-plan of one vehicle never shifts another vehicle's luck). */
import { createRng } from '../../domain/index.ts';

/** A float in [0, 1) fixed by the seed and the key. */
export function uniformFor(seed: number, key: string): number {
  return createRng(`${seed}|${key}`).next();
}

/** A standard normal draw fixed by the seed and the key (Box–Muller). */
export function normalFor(seed: number, key: string): number {
  const rng = createRng(`${seed}|${key}`);
  const u = 1 - rng.next(); // (0, 1]: log(0) is not a number
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** One of the entries, with probability proportional to its weight, fixed by the seed and the key. */
export function weightedFor<T>(seed: number, key: string, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = uniformFor(seed, key) * total;
  for (const [value, w] of entries) {
    x -= w;
    if (x < 0) return value;
  }
  return entries[entries.length - 1]![0];
}
