/** `npm run bench -- ledger`: decision-log append rates (one transaction each, batched) and verify time. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decision } from '../test/fixtures/decisions.ts';
import { ManualClock } from '../src/domain/index.ts';
import { openLedger, verifyDatabase } from '../src/ledger/index.ts';
import { openStore } from '../src/store/index.ts';
import type { BenchScenario } from './scenario.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function freshLog() {
  const dir = mkdtempSync(join(tmpdir(), 'marshal-bench-ledger-'));
  const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
  // As `marshal start` opens it: WAL checkpoints on their own thread.
  const store = openStore(join(dir, 'marshal.db'), { clock, backgroundCheckpoint: true });
  return { dir, store, ledger: openLedger(store.db, clock) };
}

const MARSHAL = new URL('../bin/marshal.mjs', import.meta.url).pathname;

/** Runs `marshal log verify` as a user does, in its own process; returns its wall time and what it printed. */
function timeVerifyCommand(file: string, extra: string[]): { secs: number; out: string } {
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [MARSHAL, 'log', 'verify', '--db', file, ...extra], { encoding: 'utf8' });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  return { secs, out: `${run.stdout}${run.stderr}`.trim() };
}

function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export const ledgerBench: BenchScenario = {
  name: 'ledger',
  summary: 'decision log: appends per second (single, batched) and verify time over many entries',
  help: `usage: npm run bench -- ledger [--single N] [--batched N] [--batch B] [--verify N] [--runs R]

  --single N   appends, one transaction each, per run (default 5000)
  --batched N  appends in batches per run (default 100000)
  --batch B    batch size (default 1000)
  --verify N   entries to build, then verify in process on one thread and with the \`marshal log verify\` command
               (its own process, timed whole, with its default threads and with --threads 1) (default 1000000; 0 skips)
  --runs R     runs of the append measurements; the median is reported (default 3)
Targets (issue 4): single >= 2,000/s, batched >= 20,000/s, verify of 1,000,000 entries <= 10 s.`,
  async run(args) {
    const { values } = parseArgs({ args, options: {
      single: { type: 'string' }, batched: { type: 'string' }, batch: { type: 'string' }, verify: { type: 'string' }, runs: { type: 'string' },
    } });
    const single = Number(values.single ?? 5000);
    const batched = Number(values.batched ?? 100_000);
    const batch = Number(values.batch ?? 1000);
    const verifyN = Number(values.verify ?? 1_000_000);
    const runs = Number(values.runs ?? 3);
    const inputs = Array.from({ length: batch }, (_, i) => decision(i + 1));
    const singleRates: number[] = [];
    const batchRates: number[] = [];
    for (let r = 0; r < runs; r++) {
      const a = freshLog();
      singleRates.push(single / timeIt(() => { for (let i = 0; i < single; i++) a.ledger.append(inputs[i % batch]!); }));
      a.store.close();
      rmSync(a.dir, { recursive: true, force: true });
      const b = freshLog();
      batchRates.push(batched / timeIt(() => { for (let i = 0; i < batched; i += batch) b.ledger.appendMany(inputs); }));
      b.store.close();
      rmSync(b.dir, { recursive: true, force: true });
    }
    console.log(`append, one transaction each: median ${Math.round(median(singleRates))}/s over ${runs} runs of ${single} (${singleRates.map(Math.round).join(', ')})`);
    console.log(`append, batches of ${batch}: median ${Math.round(median(batchRates))}/s over ${runs} runs of ${batched} (${batchRates.map(Math.round).join(', ')})`);
    if (verifyN > 0) {
      const v = freshLog();
      // Building is not measured: bigger batches and a bigger page cache only make the wait shorter.
      v.store.db.pragma('cache_size = -262144');
      const big = Array.from({ length: 10 }, () => inputs).flat();
      const build = timeIt(() => { for (let i = 0; i < verifyN; i += big.length) v.ledger.appendMany(big.slice(0, Math.min(big.length, verifyN - i))); });
      v.store.db.pragma('wal_checkpoint(TRUNCATE)');
      console.log(`built ${verifyN} entries in ${build.toFixed(1)} s`);
      let result: ReturnType<typeof verifyDatabase> | undefined;
      const one = timeIt(() => { result = verifyDatabase(v.store.db); });
      console.log(`verify ${verifyN} entries, in process, one thread: ${one.toFixed(2)} s (${result?.ok ? `ok, head ${result.head.slice(0, 16)}…` : JSON.stringify(result)})`);
      v.store.close();
      const file = join(v.dir, 'marshal.db');
      const cmd = timeVerifyCommand(file, []);
      console.log(`verify ${verifyN} entries, \`marshal log verify --db FILE\` (whole command, default threads): ${cmd.secs.toFixed(2)} s: ${cmd.out}`);
      const cmd1 = timeVerifyCommand(file, ['--threads', '1']);
      console.log(`verify ${verifyN} entries, \`marshal log verify --db FILE --threads 1\`: ${cmd1.secs.toFixed(2)} s: ${cmd1.out}`);
      rmSync(v.dir, { recursive: true, force: true });
    }
    return 0;
  },
};
