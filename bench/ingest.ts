/**
 * `npm run bench -- ingest`: sustained intake of signed CloudEvents over real HTTP (issue 5: >= 1,000 per second,
 * none lost). The app is the one `marshal start` serves, over a sandbox runtime, on 127.0.0.1; the sender is a
 * worker thread, so the main thread's time is the server's.
 *
 * Ingest means verified, stored in the inbox and acknowledged (202); agents run after the 202, so by default the
 * runner is held while events arrive (`--drain none`) and the figure is intake alone. `--drain during` lets the
 * runner work through the backlog while events arrive, on the same thread, as under `marshal start`; `--drain
 * after` holds it, then times the drain of the whole backlog (agents at tens of events a second: minutes for
 * 20,000). Either way the inbox must hold exactly N distinct ids.
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../src/api/keys.ts';
import { createWebhookSecret, signWebhook } from '../src/api/webhook-signature.ts';
import { ManualClock, toEpochSeconds } from '../src/domain/index.ts';
import { openRuntime } from '../src/graph/runtime.ts';
import { loadDefaultPolicy } from '../src/policies/index.ts';
import { generateScenario } from '../src/sandbox/generator/index.ts';
import { createApp } from '../src/server.ts';
import type { BenchScenario } from './scenario.ts';

const TARGET = 1000;
type Drain = 'during' | 'after' | 'none';

/** The sender, plain JavaScript for a worker thread: node:http with keep-alive, `concurrency` requests in flight. */
const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, requests, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const post = (r) => new Promise((resolve, reject) => {
  const req = http.request(url, { method: 'POST', agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } }, (res) => {
    res.resume();
    res.once('end', () => resolve(res.statusCode));
  });
  req.once('error', reject);
  req.end(r.body);
});
let next = 0;
let accepted = 0;
Promise.all(Array.from({ length: concurrency }, async () => {
  for (let i = next++; i < requests.length; i = next++) {
    const status = await post(requests[i]);
    if (status !== 202) throw new Error('event ' + i + ': HTTP ' + status);
    accepted++;
  }
})).then(() => parentPort.postMessage({ accepted }), (e) => parentPort.postMessage({ accepted, error: String(e) })).finally(() => agent.destroy());
`;

interface RunResult {
  accepted: number;
  stored: number;
  ingestSeconds: number;
  /** The server thread's busy time per accepted event, in µs: steadier than the rate on a busy machine. */
  serverUs: number;
  drainSeconds: number;
  processed: number;
  failed: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** One run: a fresh runtime and server, N signed events posted C at a time, then the drain. */
async function once(events: number, concurrency: number, drain: Drain): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'marshal-bench-ingest-'));
  const day = generateScenario({ seed: 7, orders: 30, depots: 2, vehicles: 20 });
  const clock = new ManualClock(toEpochSeconds(day.events[0]!.time));
  const runtime = openRuntime(dir, day, clock, { policy: loadDefaultPolicy(), policySource: 'default' });
  const tenant = day.tenant.id;
  const key = createApiKey(runtime.store.db, clock, { tenant, role: 'integration', name: 'bench' }).secret;
  const secret = createWebhookSecret(runtime.store.db, clock, tenant);
  let held = drain !== 'during';
  const runner = { ...runtime.runner, drain: () => (held ? Promise.resolve([]) : runtime.runner.drain()) };
  const app = createApp({ store: runtime.store, ports: runtime.ports, governance: runtime.governance, inbox: runtime.inbox, runner, version: 'bench', wallClock: clock });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1/events`;

  // Signed up front, so the measurement is the server's work and the client's HTTP, not the client's HMACs.
  const shipments = day.events.flatMap((e) => (e.type === 'wms.pick.completed' ? [(e.data as { shipmentId: string }).shipmentId] : []));
  const ts = clock.now();
  const requests = Array.from({ length: events }, (_, i) => {
    const body = JSON.stringify({
      specversion: '1.0', id: `bench-${i}`, source: '/bench/carrier', type: 'carrier.status', time: day.events[0]!.time, tenant,
      data: { carrierId: day.carriers[i % day.carriers.length]!.id, shipmentId: shipments[i % shipments.length]!, status: 'in_transit', at: day.events[0]!.time },
    });
    return { body, headers: {
      authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents+json',
      'webhook-id': `msg-${i}`, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, `msg-${i}`, ts, body),
    } };
  });

  // The sender runs in a worker thread, as another system would: the main thread's time is the server's alone.
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const sent = await new Promise<{ accepted: number; error?: string }>((resolve, reject) => {
    const worker = new Worker(SENDER, { eval: true, workerData: { url, requests, concurrency } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ingestSeconds = (performance.now() - t0) / 1000;
  const busy = performance.eventLoopUtilization(elu0);
  if (sent.error) throw new Error(sent.error);
  const accepted = sent.accepted;

  held = false;
  const t1 = performance.now();
  if (drain !== 'none') await runtime.runner.drain();
  const drainSeconds = (performance.now() - t1) / 1000;
  const stored = runtime.store.db.prepare("SELECT count(DISTINCT id) FROM inbox WHERE source = '/bench/carrier'").pluck().get() as number;
  const counts = runtime.inbox.counts();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  runtime.close();
  rmSync(dir, { recursive: true, force: true });
  return { accepted, stored, ingestSeconds, serverUs: (busy.active * 1000) / accepted, drainSeconds, processed: counts.done, failed: counts.failed };
}

export const ingestBench: BenchScenario = {
  name: 'ingest',
  summary: 'signed CloudEvents over HTTP into the inbox: accepted per second (target >= 1,000/s, none lost), drain time',
  help: `usage: npm run bench -- ingest [--events N] [--concurrency C] [--runs R] [--drain during|after|none]

Starts the API over a sandbox runtime on 127.0.0.1 and POSTs N signed carrier.status CloudEvents (default 20000)
to /v1/events from a worker thread, C in flight (default 32, keep-alive), R times (default 3; median reported).
Ingest rate = 202s per second from the first request to the last answer; the inbox must then hold exactly N
distinct ids. "server busy" is the main thread's busy time per event (steadier than the rate on a busy machine).
  --drain none    (default) the runner is held: intake alone
  --drain during  the runner works through the backlog while events arrive, on the same thread (marshal start)
  --drain after   held until the last 202, then the whole backlog is drained and timed (minutes for 20000)
Target (issue 5): >= 1,000 events per second, none lost.`,
  async run(args) {
    const { values } = parseArgs({ args, options: {
      events: { type: 'string' }, concurrency: { type: 'string' }, runs: { type: 'string' }, drain: { type: 'string' },
    } });
    const events = Number(values.events ?? 20_000);
    const concurrency = Number(values.concurrency ?? 32);
    const runs = Number(values.runs ?? 3);
    const drain = values.drain ?? 'none';
    if (drain !== 'during' && drain !== 'after' && drain !== 'none') throw new Error(`--drain must be during, after or none, got '${drain}'`);
    const results: RunResult[] = [];
    for (let r = 0; r < runs; r++) {
      const result = await once(events, concurrency, drain);
      results.push(result);
      const drained = drain === 'none' ? '' : `; drain after the last 202 ${result.drainSeconds.toFixed(1)} s (${result.processed} done, ${result.failed} failed)`;
      console.log(`run ${r + 1}: ${result.accepted} accepted in ${result.ingestSeconds.toFixed(2)} s = ${(result.accepted / result.ingestSeconds).toFixed(0)}/s ` +
        `(server busy ${result.serverUs.toFixed(0)} µs an event); ${result.stored} distinct ids in the inbox${drained}`);
    }
    const rate = median(results.map((r) => r.accepted / r.ingestSeconds));
    const lost = results.reduce((n, r) => n + (events - r.stored), 0);
    const pass = rate >= TARGET && lost === 0;
    const drained = drain === 'none' ? '' : `; median drain after the last 202 ${median(results.map((r) => r.drainSeconds)).toFixed(1)} s`;
    console.log(`ingest (drain ${drain}): median ${rate.toFixed(0)} events/s over ${runs} runs of ${events} at concurrency ${concurrency}, ` +
      `${lost} lost; target >= ${TARGET}/s, none lost: ${pass ? 'PASS' : 'FAIL'}${drained}`);
    return pass ? 0 : 1;
  },
};
