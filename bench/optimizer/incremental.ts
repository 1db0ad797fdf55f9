/** `npm run bench -- incremental`: inserting one stop into a live 200-stop plan, and re-planning after a breakdown. */
import { parseArgs } from 'node:util';
import { createRng } from '../../src/domain/random.ts';
import { LivePlan, validate } from '../../src/optimizer/index.ts';
import type { BenchScenario } from '../scenario.ts';
import { cityInstance, randomJob } from './generate.ts';

const HELP = `npm run bench -- incremental [--stops 200] [--vehicles 20] [--inserts 500] [--warmup 20] [--seed 1]

Solves a generated city instance, then times LivePlan.insert of one new stop (removed again afterwards, so the
plan keeps its size): p50, p95, max, after --warmup untimed inserts. Then breaks down the busiest vehicle two hours into the day and times
LivePlan.vehicleDown (regret re-insertion plus 200 search iterations), checking the result with the validator.
Targets: insert p95 <= 5 ms; breakdown re-plan <= 200 ms.`;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { stops: { type: 'string', default: '200' }, vehicles: { type: 'string', default: '20' }, inserts: { type: 'string', default: '500' }, warmup: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' } } });
  const stops = Number(values.stops);
  const seed = Number(values.seed);
  const problem = cityInstance(stops, Number(values.vehicles), seed);
  const t0 = performance.now();
  const live = LivePlan.create(problem, { seed, iterations: 3000 });
  const base = live.solution();
  process.stdout.write(`incremental: ${stops} stops, ${values.vehicles} vehicles; initial plan ${base.summary.routes} routes, ${base.summary.unassigned} unassigned, solved in ${(performance.now() - t0).toFixed(0)} ms\n`);
  const rng = createRng(seed + 1);
  const times: number[] = [];
  let placed = 0;
  const warmup = Number(values.warmup);
  for (let i = 0; i < warmup + Number(values.inserts); i++) {
    const job = randomJob(rng, `new${i}`);
    const a = performance.now();
    const r = live.insert(job);
    const ms = performance.now() - a;
    // The first inserts run before the JIT has compiled the insertion path: not counted.
    if (i >= warmup) {
      times.push(ms);
      if (r.vehicle) placed++;
    }
    live.remove(job.id);
  }
  process.stdout.write(`insert: n=${times.length} placed=${placed} p50 ${pct(times, 50).toFixed(2)} ms  p95 ${pct(times, 95).toFixed(2)} ms  max ${Math.max(...times).toFixed(2)} ms  (target p95 <= 5 ms)\n`);
  const now = 8 * 3600;
  live.advance(now);
  const sol = live.solution();
  const busiest = [...sol.routes].sort((x, y) => y.steps.length - x.steps.length)[0];
  if (!busiest) return 1;
  const a = performance.now();
  const res = live.vehicleDown(busiest.vehicle, now);
  const ms = performance.now() - a;
  const after = live.solution();
  const violations = validate(live.currentProblem(), after);
  process.stdout.write(`breakdown of ${busiest.vehicle} at 08:00: re-plan ${ms.toFixed(1)} ms, ${after.summary.routes} routes, ${res.unassigned.length} unassigned, validator ${violations.length === 0 ? 'ok' : JSON.stringify(violations.slice(0, 3))}  (target <= 200 ms)\n`);
  return violations.length === 0 ? 0 : 1;
}

export const incrementalScenario: BenchScenario = { name: 'incremental', summary: 'insert p50/p95 into a live 200-stop plan; breakdown re-plan time', help: HELP, run };
