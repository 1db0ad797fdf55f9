import { describe, expect, it } from 'vitest';
import { sameJson } from './same-json.ts';

describe('sameJson', () => {
  it('is true exactly when JSON.stringify writes the same text', () => {
    const cases: [unknown, unknown][] = [
      [{ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'x' }] }],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: undefined, b: 1 }, { b: 1, c: undefined }],
      [{ a: undefined, b: 1 }, { c: undefined, b: 2 }],
      [{ a: 1, b: undefined }, { a: 1, c: 2 }],
      [[1, 2], [1, 2, 3]],
      [{ a: [] }, { a: {} }],
      [{ a: null }, { a: 0 }],
      [{ a: '1' }, { a: 1 }],
      [{ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } }],
      ['x', 'x'],
      [{}, []],
    ];
    for (const [a, b] of cases) expect(sameJson(a, b), JSON.stringify([a, b])).toBe(JSON.stringify(a) === JSON.stringify(b));
  });
});
