import { describe, expect, it } from 'vitest';
import { toEpochSeconds, toIso } from './units.ts';

describe('timestamps', () => {
  it('convert both ways the same however often they were converted before, past the remembered count too', () => {
    const start = 1_795_392_000;
    const wrong: string[] = [];
    // More distinct timestamps than are remembered, twice over: the memory fills, is dropped and fills again.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 130_000; i++) {
        const t = start + i * 13;
        const iso = new Date(t * 1000).toISOString().replace('.000Z', 'Z');
        if (toIso(t) !== iso || toEpochSeconds(iso) !== t) wrong.push(iso);
      }
    }
    expect(wrong).toEqual([]);
    expect(toEpochSeconds('2026-11-23T10:00:00.900Z')).toBe(toEpochSeconds('2026-11-23T10:00:00Z'));
  });

  it('refuse text that is not a timestamp, every time', () => {
    for (let i = 0; i < 2; i++) expect(() => toEpochSeconds('ten past nine')).toThrow(/not a timestamp: ten past nine/);
  });
});
