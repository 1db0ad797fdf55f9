/** Explanations: reasons per unassigned stop, binding constraints per route, cost by component. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../domain/random.ts';
import { eachInsertion, explainPlan } from './explain.ts';
import type { ProblemInput } from './format/schema.ts';
import { solve } from './solve.ts';

describe('explain', () => {
  it('names what blocks each unassigned stop', () => {
    const p: ProblemInput = {
      travel: { kind: 'euclidean', speed: 1 },
      objective: 'cost',
      jobs: [
        { id: 'heavy', location: [1, 0], delivery: [20] },
        { id: 'cold', location: [1, 1], skills: ['reefer'] },
        { id: 'early', location: [50, 0], time_windows: [[0, 10]] },
        { id: 'late', location: [2, 0], release: 500 },
        { id: 'fits', location: [2, 1], delivery: [10] },
        { id: 'full', location: [2, 2], delivery: [1] },
      ],
      vehicles: [{ id: 'v', start: [0, 0], capacity: [10], time_window: [0, 400] }],
    };
    const { solution, model } = solve(p, { iterations: 50 });
    const why = Object.fromEntries(solution.unassigned.map((u) => [u.id, u.reasons[0]]));
    expect(why).toEqual({ heavy: 'capacity', cold: 'skill', early: 'time_window', late: 'release', full: 'capacity' });
    const ex = explainPlan(model, solution);
    expect(ex.routes[0]!.loadFactor[0]).toBe(1);
    expect(ex.routes[0]!.binding).toContain('capacity');
    expect(ex.cost.unassigned_penalty).toBe(5);
    expect(ex.cost.total).toBeCloseTo(solution.routes[0]!.cost);
  });

  it('ranks the reasons by how many positions each blocks, full vans counted at every position', () => {
    const jobs = (prefix: string, n: number, vehicle: string, extra: Partial<NonNullable<ProblemInput['jobs']>[number]> = {}) =>
      Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, location: [1 + i, 1] as [number, number], allowed_vehicles: [vehicle], ...extra }));
    const p: ProblemInput = {
      travel: { kind: 'euclidean', speed: 1 },
      objective: 'cost',
      jobs: [
        // five stops filling 'full' (six positions), two filling 'short' (three), and one tight stop on 'tight' (two).
        ...jobs('f', 5, 'full', { delivery: [2], priority: 10 }),
        ...jobs('s', 2, 'short', { delivery: [1], priority: 10 }),
        { id: 't0', location: [0, -10], time_windows: [[0, 12]], allowed_vehicles: ['tight'], delivery: [1], priority: 10 },
        // Alone it fits any van; beside t0 one of the two is late.
        { id: 'x', location: [0, 10], time_windows: [[0, 12]], delivery: [1] },
      ],
      vehicles: [
        { id: 'full', start: [0, 0], capacity: [10] },
        { id: 'short', start: [0, 0], capacity: [100], max_tasks: 2 },
        { id: 'tight', start: [0, 0], capacity: [100] },
      ],
    };
    const { solution } = solve(p, { iterations: 50 });
    expect(solution.unassigned.map((u) => u.id)).toEqual(['x']);
    expect(solution.unassigned[0]!.reasons).toEqual(['capacity', 'max_stops', 'time_window']);
  });

  it('reports tight windows and shift slack', () => {
    const p: ProblemInput = {
      travel: { kind: 'euclidean', speed: 1 },
      jobs: [{ id: 'a', location: [100, 0], time_windows: [[0, 120]] }],
      vehicles: [{ id: 'v', start: [0, 0], time_window: [0, 250] }],
    };
    const { solution, model } = solve(p, { iterations: 10 });
    const r = explainPlan(model, solution, 30).routes[0]!;
    expect(r.tightWindows).toEqual(['a']);
    expect(r.shiftSlack).toBe(50);
  });

  it('tries a stop at every position after the frozen prefix, the route otherwise as it was', () => {
    const rng = createRng('each-insertion');
    for (let round = 0; round < 300; round++) {
      const nodes = Array.from({ length: Math.floor(rng.next() * 9) }, (_, i) => 10 + i);
      const alone = rng.next() < 0.5 ? [1] : [1, 2];
      const from = Math.floor(rng.next() * (nodes.length + 1));
      const seen: number[][] = [];
      eachInsertion(nodes, alone, from, (seq, len) => seen.push(seq.slice(0, len)));
      const expected = Array.from({ length: nodes.length - from + 1 }, (_, k) => [...nodes.slice(0, from + k), ...alone, ...nodes.slice(from + k)]);
      expect(seen, `round ${round}`).toEqual(expected);
    }
  });
});
