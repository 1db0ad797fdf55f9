/** A seeded pseudo-random generator (sfc32): the only source of randomness, passed in, never global. */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A new array with the items in a random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one and a label, so adding draws in one place does not shift another. */
  fork(label: string): Rng;
}

function hashString(text: string, seed: number): number {
  // FNV-1a over UTF-16 units, mixed with the seed: stable across platforms.
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A generator fully determined by `seed` (any integer or string). */
export function createRng(seed: number | string): Rng {
  const base = typeof seed === 'number' ? seed >>> 0 : hashString(seed, 0);
  // The state lives in a typed array: in closure variables, every word above 2^30 was a new heap number at every
  // draw, and the optimizer's search draws millions (a gigabyte in half a minute of a busy replay).
  const s = new Uint32Array([0x9e3779b9 ^ base, 0x243f6a88 ^ hashString(String(base), 1), 0xb7e15162 ^ hashString(String(base), 2), 1]);
  const nextU32 = (): number => {
    const a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    const t = (a + b + d) >>> 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`bad range [${min}, ${max}]`);
      return min + Math.floor(rng.next() * (max - min + 1));
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(rng.next() * items.length)] as (typeof items)[number];
    },
    chance: (p) => rng.next() < p,
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
    fork: (label) => createRng(hashString(label, nextU32())),
  };
  return rng;
}
