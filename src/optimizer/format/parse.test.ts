import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.ts';
import { parseJob, parseProblem } from './parse.ts';
import { type JobInput, ProblemSchema } from './schema.ts';

const job = (id: string, extra: Partial<JobInput> = {}): JobInput => ({ id, location: [4.9, 52.37], delivery: [1], time_windows: [[36_000, 43_200]], ...extra });
const vehicles = [{ id: 'v1', start: [4.88, 52.36] as [number, number], capacity: [10] }];

describe('parsing a problem whose jobs were parsed before', () => {
  it('gives what the schema gives, taking a frozen job it parsed before as it is', () => {
    const known = Object.freeze(job('a', { allowed_vehicles: ['v1'] }));
    const input = { jobs: [known, job('b')], vehicles };
    const first = parseProblem(input);
    expect(first).toEqual(ProblemSchema.parse(input));
    const again = parseProblem({ jobs: [known, job('b', { priority: 5 })], vehicles, objective: 'cost' as const });
    expect(again.jobs[0]).toBe(first.jobs[0]);
    expect(again).toEqual(ProblemSchema.parse({ jobs: [known, job('b', { priority: 5 })], vehicles, objective: 'cost' }));
    expect(parseJob(known)).toBe(first.jobs[0]);
  });

  it('still names every bad field, in the jobs it has not seen and in the rest of the problem', () => {
    const known = Object.freeze(job('a'));
    parseProblem({ jobs: [known], vehicles });
    let error: unknown;
    try {
      parseProblem({ jobs: [known, job('b', { time_windows: [[43_200, 36_000]] }), job('')], vehicles: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((i) => i.path).sort()).toEqual(['jobs.1.time_windows.0', 'jobs.2.id', 'vehicles']);
  });

  it('checks a frozen job again when its first parse failed', () => {
    const bad = Object.freeze(job('c', { priority: 101 }));
    expect(() => parseProblem({ jobs: [bad], vehicles })).toThrow(/jobs\.0\.priority/);
    expect(() => parseJob(bad)).toThrow(/priority: must be 0\.\.100/);
  });
});
