/** A position priced from the stored walk costs what a full simulation of the route with the job there costs. */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../domain/random.ts';
import { newSimResult, simulate } from '../model/evaluate.ts';
import { compile } from '../model/problem.ts';
import { Solution } from '../model/solution.ts';
import { parseProblem } from '../solve.ts';
import type { ProblemInput } from '../format/schema.ts';
import { ResumedInsertion } from './resume.ts';

const pick = (rng: Rng, n: number) => Math.floor(rng.next() * n);

/** A small instance with everything that forces full simulation: releases, soft windows, pickups, breaks, limits. */
function instance(rng: Rng, jobs: number): ProblemInput {
  return {
    travel: { kind: 'euclidean', speed: 1 },
    objective: 'cost',
    sla_tiers: { soft: { lateness_per_hour: 1800 } },
    jobs: Array.from({ length: jobs }, (_, i) => {
      const open = pick(rng, 300);
      const windows: [number, number][] = rng.next() < 0.2 ? [[open, open + 40], [open + 120, open + 200]] : [[open, open + 30 + pick(rng, 200)]];
      return {
        id: `j${i}`, location: [pick(rng, 100), pick(rng, 100)] as [number, number], service: pick(rng, 15), time_windows: windows,
        delivery: [1 + pick(rng, 4), pick(rng, 3)], ...(rng.next() < 0.4 ? { pickup: [1 + pick(rng, 4), 0] } : {}),
        ...(rng.next() < 0.4 ? { release: pick(rng, 120) } : {}), ...(rng.next() < 0.3 ? { sla: 'soft' } : {}),
      };
    }),
    vehicles: [{
      id: 'v', start: [50, 50], capacity: [8 + pick(rng, 10), 6], time_window: [0, 250 + pick(rng, 450)], costs: { fixed: 0, per_hour: 3600, per_km: 500 },
      ...(rng.next() < 0.5 ? { driving_rules: { max_continuous_driving: 60 + pick(rng, 60), break_duration: 15 + pick(rng, 20), max_daily_driving: 150 + pick(rng, 300) } } : {}),
      ...(rng.next() < 0.3 ? { max_distance: 150 + pick(rng, 300) } : {}),
      ...(rng.next() < 0.3 ? { max_tasks: 4 + pick(rng, 4) } : {}),
    }],
  };
}

describe('resumed insertion', () => {
  it('prices every position as a full simulation does, on random routes with releases, soft windows, loads and breaks', () => {
    const rng = createRng('resume-test');
    const sim = newSimResult();
    let compared = 0;
    let feasible = 0;
    for (let round = 0; round < 2000; round++) {
      const m = compile(parseProblem(instance(rng, 12)));
      const sol = new Solution(m);
      const r = sol.routes[0]!;
      const order = Array.from({ length: m.nStops }, (_, i) => i).sort(() => rng.next() - 0.5);
      r.nodes = order.slice(0, 1 + pick(rng, 7));
      sol.update(r);
      for (const s of order.slice(r.nodes.length)) {
        const walk = new ResumedInsertion().prepare(m, r, s);
        if (!walk.usable) continue;
        for (let i = 1; i <= r.nodes.length; i++) {
          const seq = [...r.nodes.slice(0, i), s, ...r.nodes.slice(i)];
          const full = simulate(m, r.v, seq, seq.length, sim);
          const resumed = walk.cost(i);
          compared++;
          if (full < Infinity) feasible++;
          if (full === Infinity) expect(resumed, `round ${round}, job ${s} at ${i}`).toBe(Infinity);
          else expect(resumed, `round ${round}, job ${s} at ${i}`).toBeCloseTo(full, 6);
        }
      }
    }
    // Enough of both outcomes that the comparison means something.
    expect(compared).toBeGreaterThan(5000);
    expect(feasible).toBeGreaterThan(2000);
  });
});
