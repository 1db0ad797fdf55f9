/** `npm run bench -- replay`: a large generated day replayed with the `marshal` strategy; wall time, events/s, peak memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toIso } from '../src/domain/index.ts';
import { datasetFromScenario } from '../src/evals/dataset/index.ts';
import { replayDayOf, replayStrategy, strategyByName } from '../src/evals/replay/index.ts';
import { byEventType } from '../src/evals/report/index.ts';
import { loadDefaultPolicy } from '../src/policies/index.ts';
import { generateScenario } from '../src/sandbox/generator/index.ts';
import type { BenchScenario } from './scenario.ts';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export const replayBench: BenchScenario = {
  name: 'replay',
  summary: 'a 10,000-order generated day replayed with marshal through the full runtime: wall time, events/s, peak memory',
  help: `usage: npm run bench -- replay [--orders N] [--depots D] [--vehicles V] [--seed N] [--strategy S] [--max-seconds S]

Generates a sandbox day (default 10,000 orders, 4 depots, 200 vehicles, seed 7), turns it into a replay dataset and
replays it with one strategy (default marshal) through the real runtime (inbox, graph, gate, log, outbox, sandbox)
and the road simulator, as \`marshal replay\` does. Reports wall time, events ingested and events per second, and the
process's peak resident memory (maxRSS). Target (issue 7): the 10,000-order day in <= 60 s.

--max-seconds stops the replay after that much wall time (default none) and reports how far simulated time got;
the figures are then for the part played, and say so.`,
  async run(args) {
    const { values } = parseArgs({ args, options: {
      orders: { type: 'string' }, depots: { type: 'string' }, vehicles: { type: 'string' }, seed: { type: 'string' }, strategy: { type: 'string' },
      'max-seconds': { type: 'string' },
    } });
    const orders = Number(values.orders ?? 10_000);
    const seed = Number(values.seed ?? 7);
    const t0 = performance.now();
    const day = generateScenario({ seed, orders, depots: Number(values.depots ?? 4), vehicles: Number(values.vehicles ?? 200) });
    const replay = replayDayOf(datasetFromScenario(day), seed);
    const prepared = performance.now() - t0;
    const dir = mkdtempSync(join(tmpdir(), 'marshal-bench-replay-'));
    const abort = new AbortController();
    const maxSeconds = values['max-seconds'] === undefined ? undefined : Number(values['max-seconds']);
    const timer = maxSeconds === undefined ? undefined : setTimeout(() => abort.abort(), maxSeconds * 1000);
    let lastLog = 0;
    try {
      const record = await replayStrategy(replay, strategyByName(values.strategy ?? 'marshal'), {
        seed, policy: loadDefaultPolicy(), policySource: 'default', reviewer: { kind: 'approve-all' }, dir, signal: abort.signal,
        onProgress: (p) => {
          if (p.wallMs - lastLog < 30_000) return;
          lastLog = p.wallMs;
          console.log(`  ${(p.wallMs / 1000).toFixed(0)} s: simulated ${toIso(p.now).slice(11, 16)} UTC, ${p.events} events, ${Math.round((p.events / p.wallMs) * 1000)} events/s, rss ${mb(process.memoryUsage().rss)} MB`);
        },
      });
      const wall = record.timing.wallMs / 1000;
      const peak = Math.round(process.resourceUsage().maxRSS / 1024);
      const reached = record.stoppedAt === undefined ? 'the whole day' : `the day up to simulated ${toIso(record.stoppedAt).slice(11, 16)} UTC (stopped by --max-seconds ${maxSeconds})`;
      console.log(`${orders} orders, ${day.vehicles.length} vehicles: generated and converted in ${(prepared / 1000).toFixed(1)} s; replay of ${reached}: `
        + `${wall.toFixed(1)} s wall, ${record.events} events (${(record.events / wall).toFixed(1)} events/s), ${record.decisions.length} decisions, ${(record.timing.ingestMs / 1000).toFixed(1)} s of it inside runtime.ingest, peak RSS ${peak} MB (target: whole day <= 60 s)`);
      if (record.failedEvents.length > 0) {
        console.log(`  ${record.failedEvents.length} event(s) FAILED in the runtime (their work is missing from the figures); first: ${record.failedEvents[0]!.type} ${record.failedEvents[0]!.eventId}: ${record.failedEvents[0]!.error}`);
      }
      for (const t of byEventType(record.timing.byType)) console.log(`  ${t.type}: ${t.count} events, ${(t.totalMs / 1000).toFixed(1)} s, ${t.meanMs.toFixed(2)} ms each`);
      return 0;
    } finally {
      if (timer) clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
