import { describe, expect, it } from 'vitest';
import { toEpochSeconds, toIso } from './units.ts';

describe('timestamps', () => {
  it('convert both ways the same however often they were converted before, past the remembered count too', () => {
    const start = 1_795_392_000;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 120_000; i += 7) {
        const t = start + i * 13;
        const iso = new Date(t * 1000).toISOString().replace('.000Z', 'Z');
        expect(toIso(t)).toBe(iso);
        expect(toEpochSeconds(iso)).toBe(t);
      }
    }
    expect(toEpochSeconds('2026-11-23T10:00:00.900Z')).toBe(toEpochSeconds('2026-11-23T10:00:00Z'));
  });

  it('refuse text that is not a timestamp, every time', () => {
    for (let i = 0; i < 2; i++) expect(() => toEpochSeconds('ten past nine')).toThrow(/not a timestamp: ten past nine/);
  });
});
