/** Small helpers over the seeded Rng: weighted choices, ranges of floats, rounding to a fixed number of decimals. */
import type { Rng } from '../../domain/index.ts';

/** A float in [min, max). */
export function between(rng: Rng, min: number, max: number): number {
  return min + rng.next() * (max - min);
}

/** Rounds to `decimals` places; keeps generated numbers short and their JSON stable. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** One of the entries, drawn with probability proportional to its weight. */
export function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let x = rng.next() * total;
  for (const [value, w] of entries) {
    x -= w;
    if (x < 0) return value;
  }
  const last = entries[entries.length - 1];
  if (!last) throw new RangeError('weighted choice from an empty list');
  return last[0];
}

/** A sampler over many items by weight: binary search over the cumulative weights, so 500 orders stay fast. */
export function weightedSampler<T>(items: readonly T[], weightOf: (item: T) => number): (rng: Rng) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    total += weightOf(item);
    cumulative.push(total);
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? total) > x) hi = mid;
      else lo = mid + 1;
    }
    const item = items[lo];
    if (item === undefined) throw new RangeError('sample from an empty list');
    return item;
  };
}

/** Zero-padded decimal text, for ids such as `ord-00042`. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Code-unit order of two strings: unlike localeCompare it cannot vary with the ICU build or the locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
