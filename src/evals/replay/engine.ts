/**
 * The replay engine: plays a dataset's day on a simulated clock through the production runtime (inbox, runner, graph,
 * gate, log, outbox over the sandbox), with the road simulator driving whatever plan the runtime has stored and its
 * events (PODs, failed attempts, returns, breakdowns) ingested back. The only inputs are the day, the strategy, the
 * policy, the reviewer and the seed; wall time is measured but never decides anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type MarshalEvent, type OrderStatus, toEpochSeconds } from '../../domain/index.ts';
import { openRuntime, type Runtime } from '../../graph/runtime.ts';
import { decisionOutlines } from '../../ledger/index.ts';
import type { Policy } from '../../policies/index.ts';
import { RoadSimulator, roadVehicleOf } from '../../sandbox/index.ts';
import { listAll } from '../../store/index.ts';
import { carrierRoad } from './carriers.ts';
import type { ReplayDay } from './day.ts';
import type { DecisionRow, RunRecord } from './record.ts';
import { answerReviews, type ReviewerSpec } from './reviewer.ts';
import type { Strategy } from './strategy.ts';
import { replayTravel } from './travel.ts';

export interface ReplayOptions {
  seed: number;
  policy: Policy;
  /** Where the policy came from, for the log. */
  policySource: string;
  reviewer: ReviewerSpec;
  /** Simulated seconds between the road's steps; a plan stored meanwhile reaches the road at the next step. */
  tickSeconds?: number;
  /** Simulated end of the replay, epoch seconds; default the end of the operating day. */
  until?: number;
  /** Chance of a failed first attempt where the dataset names none (seeded per customer and shipment). */
  firstAttemptFailure?: number;
  /** Directory for the run's databases; a temporary one (removed afterwards) when absent. */
  dir?: string;
  /** Stops the replay at the next step when aborted (benchmarks with a wall-clock budget); the record then says so. */
  signal?: AbortSignal;
  onProgress?: (p: { strategy: string; now: number; start: number; end: number; events: number; wallMs: number }) => void;
}

/** Event types a step hands over as one wave each, in this order (an order comes before its pick). */
const WAVES: readonly MarshalEvent['type'][] = ['driver.pod.captured', 'oms.order.created', 'wms.pick.completed'];

const byTime = (a: MarshalEvent, b: MarshalEvent) => toEpochSeconds(a.time) - toEpochSeconds(b.time);

/** Every decision of the tenant, oldest first, as the KPIs read them. */
function decisionsOf(rt: Runtime, tenant: string): DecisionRow[] {
  const rows: DecisionRow[] = [];
  for (const d of decisionOutlines(rt.store.db, tenant)) {
    rows.push({
      seq: d.seq, at: d.at, agent: d.agent, kind: d.kind, level: d.level, outcome: d.outcome,
      orderId: d.orderId ?? d.shipmentId?.replace(/^shp-/, ''), trigger: d.eventType,
    });
  }
  return rows;
}

/** Replays the day under one strategy and returns what happened. */
export async function replayStrategy(replay: ReplayDay, strategy: Strategy, options: ReplayOptions): Promise<RunRecord> {
  const started = performance.now();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `marshal-replay-${strategy.name}-`));
  const tenant = replay.day.tenant.id;
  const tick = options.tickSeconds ?? 60;
  const end = options.until ?? replay.start + 86_400;
  const clock = new ManualClock(replay.start);
  // Every graph step writes a checkpoint (the bench day's database holds 286 MB by simulated 06:00): the WAL is
  // checkpointed on a worker, as `marshal start` does, so no commit stops to copy it into the database file.
  const rt = openRuntime(dir, replay.day, clock, { policy: options.policy, policySource: options.policySource, agents: strategy.agents, backgroundCheckpoint: true });
  try {
    const road = new RoadSimulator({
      config: { seed: options.seed, tenant, positionEverySeconds: 0, firstAttemptFailure: { default: options.firstAttemptFailure ?? 0.02, byCustomer: {} } },
      start: replay.start, vehicles: replay.day.vehicles.map((v) => roadVehicleOf(v, replay.day.depots)), shipments: replay.shipments, disruptions: replay.disruptions,
      travel: replayTravel,
    });
    const laneOf = new Map(replay.orders.map((o) => [`shp-${o.id}`, { depotId: o.depotId, zone: o.zone, windows: o.windows }]));
    const carriers = carrierRoad(rt.sandbox.world, tenant, replay.day.carriers, (id) => laneOf.get(id) ?? { depotId: '', zone: undefined, windows: [] });
    const planner = strategy.planner?.({ runtime: rt, replay, tenant, seed: options.seed });
    const outcomes: MarshalEvent[] = [];
    const latencies: number[] = [];
    let index = 0;
    let next = 0;
    let planVersion = 0;
    let stoppedAt: number | undefined;
    let ingestMs = 0;
    const byType: Record<string, { count: number; ms: number }> = {};

    // Events handed to the runtime together (a wave of PODs, new orders or picks) run as one graph run, at the last
    // one's time; each of them waited for the wave, so each counts the wave's wall time as its decision latency.
    const play = async (...events: MarshalEvent[]) => {
      const at = toEpochSeconds(events[events.length - 1]!.time);
      if (at > clock.now()) clock.set(at);
      const seq = rt.governance.ledger.head().seq;
      const t0 = performance.now();
      await rt.ingestAll(events, index);
      index += events.length;
      const took = performance.now() - t0;
      ingestMs += took;
      const kind = (byType[events[0]!.type] ??= { count: 0, ms: 0 });
      kind.count += events.length;
      kind.ms += took;
      if (rt.governance.ledger.head().seq > seq) for (const _ of events) latencies.push(took);
      for (const event of events) {
        if (event.source !== '/replay/oms' && event.source !== '/replay/wms') outcomes.push(event);
        await planner?.after(event, clock.now());
      }
      await answerReviews(rt, tenant, options.reviewer, clock.now());
      carriers.poll(clock.now());
    };

    for (let t = replay.start; ; t = Math.min(t + tick, end)) {
      const due = [...road.advanceTo(t)];
      while (next < replay.timeline.length && toEpochSeconds(replay.timeline[next]!.time) <= t) due.push(replay.timeline[next++]!);
      due.push(...carriers.due(t));
      // A stable sort: equal times keep the road's order, then the timeline's, then the carriers'. The step's PODs,
      // new orders and picks reach the runtime as one wave each after its other events, as drivers' apps sync, an
      // OMS sends a batch and a WMS reports a wave: never before their own time.
      const sorted = due.sort(byTime);
      for (const event of sorted.filter((e) => !WAVES.includes(e.type))) await play(event);
      for (const type of WAVES) {
        const wave = sorted.filter((e) => e.type === type);
        if (wave.length > 0) await play(...wave);
      }
      // Answers given while playing may have scheduled more (a rejection answered at once).
      for (let more = carriers.due(t); more.length > 0; more = carriers.due(t)) for (const event of more) await play(event);
      if (clock.now() < t) clock.set(t);
      await planner?.after(undefined, t);
      await answerReviews(rt, tenant, options.reviewer, t);
      const plan = rt.store.plans.current(tenant);
      if (plan && plan.version !== planVersion) {
        planVersion = plan.version;
        for (const event of road.setPlan(plan, t)) await play(event);
      }
      options.onProgress?.({ strategy: strategy.name, now: t, start: replay.start, end, events: index, wallMs: performance.now() - started });
      if (t >= end) break;
      if (options.signal?.aborted) {
        stoppedAt = t;
        break;
      }
    }

    const odometers = Object.fromEntries(road.odometers());
    const orderStatus: Record<string, OrderStatus> = {};
    for (const o of listAll(rt.store.orders, tenant)) orderStatus[o.id] = o.status;
    const reviews: Record<string, number> = {};
    for (const r of rt.store.db.prepare('SELECT status, count(*) AS n FROM reviews WHERE tenant = ? GROUP BY status ORDER BY status').all(tenant) as { status: string; n: number }[]) reviews[r.status] = r.n;
    const last = rt.store.plans.current(tenant);
    const failedEvents = rt.inbox.failures(tenant);
    return {
      strategy: strategy.name, outcomes, odometers, carrierCharges: Object.fromEntries(carriers.charges()), decisions: decisionsOf(rt, tenant), reviews,
      orderStatus, unassignedAtEnd: (last?.unassigned ?? []).map((u) => u.shipmentId).sort(), planVersions: last?.version ?? 0, events: index, failedEvents,
      head: rt.governance.ledger.head(), ...(stoppedAt === undefined ? {} : { stoppedAt }), timing: { wallMs: performance.now() - started, decisionLatenciesMs: latencies, ingestMs, byType },
    };
  } finally {
    rt.close();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}
