/** Solver properties on random small instances (fast-check), determinism, and bad input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.ts';
import type { ProblemInput } from './format/schema.ts';
import { solve } from './solve.ts';
import { validate } from './validate.ts';

const point = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }));

const jobArb = fc.record({
  location: point,
  service: fc.integer({ min: 0, max: 10 }),
  demand: fc.integer({ min: 0, max: 6 }),
  start: fc.integer({ min: 0, max: 200 }),
  width: fc.integer({ min: 5, max: 300 }),
  skill: fc.boolean(),
  priority: fc.integer({ min: 0, max: 3 }),
  soft: fc.boolean(),
});

const problemArb = fc
  .record({
    jobs: fc.array(jobArb, { minLength: 1, maxLength: 12 }),
    shipments: fc.array(fc.tuple(point, point, fc.integer({ min: 0, max: 4 })), { maxLength: 3 }),
    vehicles: fc.array(fc.record({ start: point, capacity: fc.integer({ min: 4, max: 15 }), skill: fc.boolean(), end: fc.integer({ min: 150, max: 600 }) }), { minLength: 1, maxLength: 3 }),
    objective: fc.constantFrom('vehicles' as const, 'cost' as const),
  })
  .map(({ jobs, shipments, vehicles, objective }): ProblemInput => ({
    travel: { kind: 'euclidean', speed: 1 },
    objective,
    sla_tiers: { std: { lateness_per_hour: 360 } },
    jobs: jobs.map((j, i) => ({
      id: `j${i}`,
      location: j.location,
      service: j.service,
      delivery: [j.demand],
      time_windows: [[j.start, j.start + j.width]],
      priority: j.priority,
      ...(j.skill ? { skills: ['cold'] } : {}),
      ...(j.soft ? { sla: 'std' } : {}),
    })),
    shipments: shipments.map(([a, b, q], i) => ({ pickup: { id: `p${i}`, location: a }, delivery: { id: `d${i}`, location: b }, amount: [q] })),
    vehicles: vehicles.map((v, i) => ({ id: `v${i}`, start: v.start, capacity: [v.capacity], time_window: [0, v.end] as [number, number], ...(v.skill ? { skills: ['cold'] } : {}) })),
  }));

describe('solve', () => {
  it('every route passes the validator and every stop is routed or explained', () => {
    fc.assert(
      fc.property(problemArb, fc.integer({ min: 0, max: 1000 }), (problem, seed) => {
        const { solution } = solve(problem, { seed, iterations: 60 });
        expect(validate(problem, solution)).toEqual([]);
        const routed = solution.routes.flatMap((r) => r.steps.filter((s) => s.id !== undefined).map((s) => s.id));
        const total = (problem.jobs?.length ?? 0) + 2 * (problem.shipments?.length ?? 0);
        expect(routed.length + solution.unassigned.length).toBe(total);
        for (const u of solution.unassigned) expect(u.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it("prices a route at its van's rates: fixed, per km driven and per hour of driving at the van's speed", () => {
    // 100 units there and back; at speed factor 1.5 that is 150 s: 100 fixed + 1 a unit + 2 a second = 500.
    const van = { id: 'v', start: [0, 0] as [number, number], speed_factor: 1.5, costs: { fixed: 100, per_km: 1000, per_hour: 7200 } };
    const job = { id: 'a', location: [30, 40] as [number, number] };
    for (const extra of [{}, { release: 0 }]) {
      // Without a release the quick route arithmetic prices it; with one, the full simulation does.
      const { solution } = solve({ travel: { kind: 'euclidean', speed: 1 }, objective: 'cost', jobs: [{ ...job, ...extra }], vehicles: [van] }, { seed: 1, iterations: 10 });
      expect(solution.routes[0]!.cost).toBe(500);
      expect(solution.summary.cost).toMatchObject({ total: 500, fixed: 100, distance: 100, time: 300 });
    }
    // Rates decide between vans: a slow van paid by the km (100) beats a fast one paid by the hour (150).
    const byKm = { id: 'by-km', start: [0, 0] as [number, number], speed_factor: 2, costs: { per_km: 1000, per_hour: 0 } };
    const byHour = { id: 'by-hour', start: [0, 0] as [number, number], costs: { per_km: 0, per_hour: 5400 } };
    for (const extra of [{}, { release: 0 }]) {
      const { solution } = solve({ travel: { kind: 'euclidean', speed: 1 }, objective: 'cost', jobs: [{ ...job, ...extra }], vehicles: [byHour, byKm] }, { seed: 1, iterations: 10 });
      expect(solution.routes.map((r) => [r.vehicle, r.cost])).toEqual([['by-km', 100]]);
    }
  });

  it("gives a slow van only the stops it reaches in time at its own speed", () => {
    const p: ProblemInput = {
      travel: { kind: 'euclidean', speed: 1 },
      objective: 'cost',
      // At the van's speed factor of 2: 'near' is 20 s out (window to 25 s), 'far' 40 s out (window to 30 s).
      jobs: [
        { id: 'near', location: [10, 0], time_windows: [[0, 25]] },
        { id: 'far', location: [20, 0], time_windows: [[0, 30]] },
        { id: 'late', location: [0, 10], time_windows: [[0, 500]] },
      ],
      vehicles: [{ id: 'slow', start: [0, 0], speed_factor: 2, time_window: [0, 1000] }],
    };
    const { solution } = solve(p, { iterations: 50 });
    expect(solution.unassigned.map((u) => [u.id, u.reasons[0]])).toEqual([['far', 'time_window']]);
    const steps = solution.routes[0]!.steps.filter((st) => st.id !== undefined);
    expect(steps.map((st) => [st.id, st.arrival])).toEqual([['near', 20], ['late', 20 + 2 * Math.hypot(10, 10)]]);
    expect(validate(p, solution)).toEqual([]);
  });

  it('same input, seed and iteration budget give the identical plan', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const a = solve(problem, { seed: 3, iterations: 80 }).solution;
        solve(problem, { seed: 4, iterations: 37 });
        const b = solve(problem, { seed: 3, iterations: 80 }).solution;
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});

describe('determinism', () => {
  it('a 60-stop instance gives the identical plan for the same seed, even after other solves', () => {
    const jobs = Array.from({ length: 60 }, (_, i) => ({
      id: `c${i}`,
      location: [(i * 37) % 100, (i * 61) % 100] as [number, number],
      delivery: [1 + (i % 7)],
      service: 10,
      time_windows: [[(i * 13) % 300, ((i * 13) % 300) + 200]] as [number, number][],
    }));
    const p: ProblemInput = { travel: { kind: 'euclidean', speed: 1 }, jobs, vehicles: Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, start: [50, 50] as [number, number], capacity: [40], time_window: [0, 1000] as [number, number] })) };
    const a = JSON.stringify(solve(p, { seed: 9, iterations: 400 }).solution);
    solve(p, { seed: 10, iterations: 123 });
    expect(JSON.stringify(solve(p, { seed: 9, iterations: 400 }).solution)).toBe(a);
    expect(JSON.stringify(solve(p, { seed: 10, iterations: 400 }).solution)).not.toBe(a);
  });
});

describe('bad input', () => {
  const ok: ProblemInput = { travel: { kind: 'euclidean', speed: 1 }, jobs: [{ id: 'a', location: [1, 1] }], vehicles: [{ id: 'v', start: [0, 0] }] };
  const error = (p: unknown): InputError => {
    try {
      solve(p, { iterations: 10 });
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected an InputError');
  };

  it('negative demand names the job field', () => {
    const e = error({ ...ok, jobs: [{ id: 'a', location: [1, 1], delivery: [-1] }] });
    expect(e.issues[0]?.path).toBe('jobs.0.delivery.0');
  });

  it('an empty id in a list of allowed vehicles or frozen stops names that entry, every one of them', () => {
    const e = error({ ...ok, jobs: [{ id: 'a', location: [1, 1], allowed_vehicles: ['v', ''] }], vehicles: [{ id: 'v', start: [0, 0], frozen: ['', 'a', ''] }] });
    expect(e.issues).toEqual([
      { path: 'jobs.0.allowed_vehicles.1', reason: 'must not be empty' },
      { path: 'vehicles.0.frozen.0', reason: 'must not be empty' },
      { path: 'vehicles.0.frozen.2', reason: 'must not be empty' },
    ]);
    expect(error({ ...ok, jobs: [{ id: 'a', location: [1, 1], allowed_vehicles: [7] }] }).issues[0]?.path).toBe('jobs.0.allowed_vehicles.0');
  });

  it('a window ending before it starts names the window', () => {
    const e = error({ ...ok, jobs: [{ id: 'a', location: [1, 1], time_windows: [[10, 5]] }] });
    expect(e.issues[0]?.path).toBe('jobs.0.time_windows.0');
    expect(e.message).toMatch(/ends before it starts/);
  });

  it('a matrix of the wrong size names the row', () => {
    const e = error({ travel: { kind: 'matrix', durations: [[0, 1], [1, 0, 3]] }, jobs: [{ id: 'a', location_index: 1 }], vehicles: [{ id: 'v', start_index: 0 }] });
    expect(e.issues.map((i) => i.path)).toContain('travel.durations.1');
    const out = error({ travel: { kind: 'matrix', durations: [[0, 1], [1, 0]] }, jobs: [{ id: 'a', location_index: 2 }], vehicles: [{ id: 'v', start_index: 0 }] });
    expect(out.issues[0]?.path).toBe('jobs.0.location_index');
  });

  it('a missing location, duplicate ids and unknown frozen stops are named', () => {
    expect(error({ ...ok, jobs: [{ id: 'a' }] }).issues[0]?.path).toBe('jobs.0.location');
    expect(error({ ...ok, jobs: [{ id: 'a', location: [1, 1] }, { id: 'a', location: [2, 2] }] }).issues[0]?.path).toBe('jobs.1.id');
    expect(error({ ...ok, vehicles: [{ id: 'v', start: [0, 0], frozen: ['zz'] }] }).issues[0]?.path).toBe('vehicles.0.frozen.0');
  });

  it('a stop no vehicle can ever serve is unassigned with its reason, not an error', () => {
    const { solution } = solve({ ...ok, jobs: [{ id: 'big', location: [1, 1], delivery: [20] }, { id: 'cold', location: [1, 2], skills: ['reefer'] }], vehicles: [{ id: 'v', start: [0, 0], capacity: [10] }] }, { iterations: 20 });
    expect(solution.unassigned).toEqual([
      { id: 'big', type: 'job', reasons: ['capacity'] },
      { id: 'cold', type: 'job', reasons: ['skill'] },
    ]);
  });
});
