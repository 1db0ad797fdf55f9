/** A child process that solves Solomon instances sent over IPC, one at a time, on its own core. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseSolomon } from '../../src/optimizer/format/solomon.ts';
import { solve } from '../../src/optimizer/solve.ts';
import { validate } from '../../src/optimizer/validate.ts';

export interface Job {
  file: string;
  timeLimitS: number;
  seed: number;
  objective: 'vehicles' | 'distance';
}

export interface JobResult {
  instance: string;
  vehicles: number;
  distance: number;
  unassigned: number;
  timeS: number;
  iterations: number;
  violations: string[];
}

/** Solves one instance file. */
export function runJob(job: Job): JobResult {
  const inst = parseSolomon(readFileSync(job.file, 'utf8'), job.objective === 'vehicles' ? 'vehicles' : 'cost');
  const t0 = performance.now();
  const r = solve(inst.problem, { seed: job.seed, timeLimitMs: job.timeLimitS * 1000, now: () => performance.now() });
  const timeS = (performance.now() - t0) / 1000;
  const violations = validate(inst.problem, r.solution).map((v) => `${v.code}: ${v.vehicle ?? ''} ${v.stop ?? ''} ${v.message}`);
  return {
    instance: basename(job.file).replace(/\.txt$/i, '').toLowerCase(),
    vehicles: r.solution.summary.routes,
    distance: r.solution.summary.distance,
    unassigned: r.solution.summary.unassigned,
    timeS,
    iterations: r.iterations,
    violations,
  };
}

if (process.send) {
  process.on('message', (job: Job) => {
    try {
      process.send?.({ ok: true, result: runJob(job) });
    } catch (e) {
      process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
  process.send({ ready: true });
}
