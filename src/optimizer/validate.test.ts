/** The validator catches every kind of violation in hand-broken plans. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProblemInput, Solution } from './format/schema.ts';
import { parseSolomon } from './format/solomon.ts';
import { solve } from './solve.ts';
import { validate } from './validate.ts';

const problem: ProblemInput = {
  travel: { kind: 'euclidean', speed: 1 },
  objective: 'cost',
  jobs: [
    { id: 'a', location: [10, 0], delivery: [3], time_windows: [[0, 100]], skills: ['x'] },
    { id: 'b', location: [20, 0], delivery: [3], time_windows: [[0, 100]] },
  ],
  vehicles: [{ id: 'v', start: [0, 0], capacity: [10], skills: ['x'], time_window: [0, 200] }],
};

const codes = (p: ProblemInput, s: Solution): string[] => validate(p, s).map((v) => v.code).sort();

describe('validate', () => {
  const good = solve(problem, { iterations: 50 }).solution;

  it('accepts the solver plan', () => {
    expect(validate(problem, good)).toEqual([]);
  });

  it('finds capacity, window, skill, shift, missing and duplicate stops, and wrong reported figures', () => {
    const tight = { ...problem, vehicles: [{ ...problem.vehicles[0]!, capacity: [5], skills: [], time_window: [0, 30] as [number, number] }] };
    expect(codes(tight, good)).toEqual(['capacity', 'shift', 'skill']);
    const late = { ...problem, jobs: [problem.jobs![0]!, { ...problem.jobs![1]!, time_windows: [[0, 5]] as [number, number][] }] };
    expect(codes(late, good)).toContain('time_window');
    const dropped: Solution = { ...good, routes: [{ ...good.routes[0]!, steps: good.routes[0]!.steps.filter((s) => s.id !== 'b') }] };
    expect(codes(problem, dropped)).toContain('missing_stop');
    const twice: Solution = { ...good, unassigned: [{ id: 'a', type: 'job', reasons: ['capacity'] }] };
    expect(codes(problem, twice)).toContain('duplicate_stop');
    const lying: Solution = { ...good, routes: [{ ...good.routes[0]!, distance: 1 }] };
    expect(codes(problem, lying)).toEqual(['reported_distance']);
  });

  it('finds a broken shipment order and a moved frozen stop', () => {
    const p: ProblemInput = {
      travel: { kind: 'euclidean', speed: 1 },
      shipments: [{ pickup: { id: 'p', location: [5, 0] }, delivery: { id: 'd', location: [9, 0] } }],
      vehicles: [{ id: 'v', start: [0, 0], frozen: ['p'] }],
    };
    const s = solve(p, { iterations: 20 }).solution;
    expect(validate(p, s)).toEqual([]);
    const steps = s.routes[0]!.steps;
    const swapped: Solution = { ...s, routes: [{ ...s.routes[0]!, steps: [steps[0]!, steps[2]!, steps[1]!, steps[3]!] }] };
    expect(codes(p, swapped)).toEqual(expect.arrayContaining(['frozen_prefix', 'precedence']));
  });

  const c101 = new URL('../../../shared/benchmarks/solomon/c101.txt', import.meta.url);
  it.skipIf(!existsSync(c101))('Solomon distances are unrounded doubles: C101 reaches 10 vehicles and 828.94', () => {
    const inst = parseSolomon(readFileSync(c101, 'utf8'));
    const { solution } = solve(inst.problem, { seed: 1, iterations: 1500 });
    expect(validate(inst.problem, solution)).toEqual([]);
    expect(solution.summary.routes).toBe(10);
    expect(solution.summary.distance).toBeCloseTo(828.937, 2);
  });
});
