/** The seeded generator: a seed's draws never change, since stored days and replays are pinned to them. */
import { describe, expect, it } from 'vitest';
import { createRng } from './random.ts';

describe('seeded generator', () => {
  it('draws, for a given seed, the numbers it always has (pinned before its state moved to a typed array)', () => {
    const r = createRng('marshal');
    expect([0, 1, 2, 3, 4].map(() => r.next())).toEqual([0.5442273544613272, 0.4631156390532851, 0.39114033919759095, 0.539778582053259, 0.69021260086447]);
    const q = createRng(7);
    expect([0, 1, 2].map(() => q.int(0, 1_000_000))).toEqual([392448, 873866, 922797]);
    expect(q.fork('x').next()).toBe(0.1883779619820416);
  });

  it('gives independent forks: drawing more from one leaves another as it was', () => {
    const a = createRng(1);
    const b = createRng(1);
    const fa = a.fork('left');
    const fb = b.fork('left');
    for (let i = 0; i < 10; i++) fa.next();
    expect(b.fork('right').next()).toBe(a.fork('right').next());
    expect(fb.next()).not.toBe(fa.next());
  });
});
