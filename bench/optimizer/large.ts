/** `npm run bench -- large`: a 1,000-stop instance: time to a feasible plan, final plan, peak memory. */
import { parseArgs } from 'node:util';
import { solve, validate } from '../../src/optimizer/index.ts';
import type { BenchScenario } from '../scenario.ts';
import { cityInstance } from './generate.ts';

const HELP = `npm run bench -- large [--stops 1000] [--vehicles 100] [--time-limit 60] [--seed 1]

Solves a generated 1,000-stop city instance within the time limit on one core and reports the plan, the
validator's verdict, wall time, peak resident memory and heap. Target: feasible within 60 s, < 1 GiB.`;

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { stops: { type: 'string', default: '1000' }, vehicles: { type: 'string', default: '100' }, 'time-limit': { type: 'string', default: '60' }, seed: { type: 'string', default: '1' } } });
  const problem = cityInstance(Number(values.stops), Number(values.vehicles), Number(values.seed));
  const limit = Number(values['time-limit']);
  const t0 = performance.now();
  const first = solve(problem, { seed: Number(values.seed), iterations: 0 });
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  const r = solve(problem, { seed: Number(values.seed), timeLimitMs: limit * 1000, now: () => performance.now() });
  const ms = performance.now() - t1;
  const violations = validate(problem, r.solution);
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
  const s = r.solution.summary;
  process.stdout.write(
    `large: ${values.stops} stops, ${values.vehicles} vehicles\n` +
      `first feasible plan (construction only): ${firstMs.toFixed(0)} ms, ${first.solution.summary.routes} routes, ${first.solution.summary.unassigned} unassigned\n` +
      `after ${(ms / 1000).toFixed(1)} s search (${r.iterations} iterations): ${s.routes} routes, ${s.unassigned} unassigned, ${(s.distance / 1000).toFixed(1)} km, cost ${s.cost.total.toFixed(0)}\n` +
      `validator: ${violations.length === 0 ? 'ok' : JSON.stringify(violations.slice(0, 3))}; peak RSS ${rssMiB.toFixed(0)} MiB, heap ${heapMiB.toFixed(0)} MiB (target < 1024 MiB)\n`,
  );
  return violations.length === 0 && rssMiB < 1024 ? 0 : 1;
}

export const largeScenario: BenchScenario = { name: 'large', summary: '1,000-stop instance: feasible plan time, peak memory', help: HELP, run };
