/** `npm run bench -- solomon`: solves Solomon-format instances and compares with best-known solutions. */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchScenario } from '../scenario.ts';
import { classOf, readBks, ROW_HEADER, rowLine, summarise, summaryLine, toRow } from './report.ts';
import type { Row } from './report.ts';
import type { Job, JobResult } from './worker.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLASSES = ['C1', 'C2', 'R1', 'R2', 'RC1', 'RC2'];

const HELP = `npm run bench -- solomon [flags]

Solves every Solomon-format instance (*.txt) in a folder on one core each and compares with bks.csv
(or bks_distance.csv for --objective distance) beside them.

  --dir DIR            instance folder (default ../shared/benchmarks/solomon from the repo root)
  --time-limit S       seconds per instance (default 30)
  --seed N             random seed (default 1)
  --objective O        vehicles (fewest vehicles, then distance) or distance (default vehicles)
  --instances a,b      only these instances (names without .txt)
  --jobs N             instances solved at once, one process each (default 1)
  --json FILE          write per-instance rows and class means as JSON

Prints per instance: vehicles, distance (unrounded Euclidean), gap to best-known distance %, vehicles minus
best-known vehicles, seconds; then means by class and overall, and total vehicles.`;

function startWorker(): Promise<ChildProcess> {
  const child = fork(join(ROOT, 'bench/solomon/worker.ts'), [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((ok, fail) => {
    child.once('message', () => ok(child));
    child.once('error', fail);
  });
}

function runOn(child: ChildProcess, job: Job): Promise<JobResult> {
  return new Promise((ok, fail) => {
    child.once('message', (msg: { ok: boolean; result?: JobResult; error?: string }) => {
      if (msg.ok && msg.result) ok(msg.result);
      else fail(new Error(`${job.file}: ${msg.error ?? 'worker failed'}`));
    });
    child.send(job);
  });
}

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' }, 'time-limit': { type: 'string', default: '30' }, seed: { type: 'string', default: '1' },
      objective: { type: 'string', default: 'vehicles' }, instances: { type: 'string' }, jobs: { type: 'string', default: '1' }, json: { type: 'string' },
    },
  });
  const dir = values.dir ? resolve(process.cwd(), values.dir) : resolve(ROOT, '../shared/benchmarks/solomon');
  const objective = values.objective;
  if (objective !== 'vehicles' && objective !== 'distance') {
    process.stderr.write(`--objective must be vehicles or distance, got '${objective}'\n`);
    return 2;
  }
  const timeLimitS = Number(values['time-limit']);
  const seed = Number(values.seed);
  const jobs = Math.max(1, Number(values.jobs) || 1);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.txt')).sort();
  } catch {
    process.stderr.write(`cannot read instance folder ${dir}\n`);
    return 2;
  }
  if (values.instances) {
    const want = new Set(values.instances.split(',').map((s) => s.trim().toLowerCase()));
    files = files.filter((f) => want.has(f.replace(/\.txt$/i, '').toLowerCase()));
  }
  if (files.length === 0 || !Number.isFinite(timeLimitS) || timeLimitS <= 0) {
    process.stderr.write('no instances to solve (check --dir, --instances and --time-limit)\n');
    return 2;
  }
  const bks = readBks(dir, objective === 'vehicles' ? 'bks.csv' : 'bks_distance.csv');
  const tty = Boolean(process.stderr.isTTY);
  process.stdout.write(`solomon: ${files.length} instances, ${timeLimitS} s each, seed ${seed}, objective ${objective}, jobs ${jobs}\n${ROW_HEADER}\n`);
  const rows: Row[] = [];
  const queue = files.map((f): Job => ({ file: join(dir, f), timeLimitS, seed, objective }));
  let done = 0;
  const workers = await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, () => startWorker()));
  let failed = 0;
  await Promise.all(
    workers.map(async (w) => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        try {
          const row = toRow(await runOn(w, job), bks);
          rows.push(row);
          if (tty) process.stderr.write('\r\x1b[K');
          process.stdout.write(`${rowLine(row)}\n`);
        } catch (e) {
          failed++;
          process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        }
        done++;
        if (tty) process.stderr.write(`[${done}/${files.length}] solving...`);
      }
      w.kill();
    }),
  );
  if (tty) process.stderr.write('\r\x1b[K');
  rows.sort((a, b) => (a.instance < b.instance ? -1 : 1));
  const groups = [...new Set([...CLASSES, ...rows.map((r) => classOf(r.instance))])];
  const classes = groups.map((g) => summarise(g, rows.filter((r) => r.class === g))).filter((s) => s.instances > 0);
  const overall = summarise('all', rows);
  process.stdout.write(`\n${classes.map(summaryLine).join('\n')}\n${summaryLine(overall)}\n`);
  if (values.json) {
    const json = {
      command: `npm run bench -- solomon ${args.join(' ')}`,
      dir, timeLimitS, seed, objective, jobs,
      instances: rows.map((r) => ({
        instance: r.instance, class: r.class, vehicles: r.vehicles, distance: r.distance, gap_pct: r.gapPct, vehicles_diff: r.vehiclesDiff,
        bks_vehicles: r.bksVehicles, bks_distance: r.bksDistance, time_s: r.timeS, iterations: r.iterations, unassigned: r.unassigned, violations: r.violations,
      })),
      classes: classes.map(jsonSummary),
      overall: jsonSummary(overall),
    };
    writeFileSync(resolve(process.cwd(), values.json), `${JSON.stringify(json, null, 2)}\n`);
  }
  return failed > 0 || overall.invalid > 0 ? 1 : 0;
}

function jsonSummary(s: ReturnType<typeof summarise>): Record<string, unknown> {
  return {
    group: s.group, instances: s.instances, total_vehicles: s.totalVehicles, bks_total_vehicles: s.bksTotalVehicles, mean_vehicles: s.meanVehicles,
    mean_distance: s.meanDistance, mean_gap_pct: s.meanGapPct, mean_vehicles_diff: s.meanVehiclesDiff, mean_time_s: s.meanTimeS, invalid: s.invalid,
  };
}

export const solomonScenario: BenchScenario = { name: 'solomon', summary: 'Solomon VRPTW instances against best-known solutions', help: HELP, run };
