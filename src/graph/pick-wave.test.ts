/** A wave of picks waiting in the inbox runs as one graph run: one plan pass, every pick answered as its own. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { type EventType, ManualClock, type MarshalEvent, toEpochSeconds } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { loadDefaultPolicy, type Policy } from '../policies/index.ts';
import type { InboxItem } from './inbox.ts';
import { batchesOf, createRunner, MAX_BATCH } from './runner.ts';
import { batchableTypes, openRuntime } from './runtime.ts';
import type { AgentDeps } from '../agents/agent.ts';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { carrierAgent } from '../agents/carrier.ts';
import { customerAgent } from '../agents/customer.ts';
import { dispatchAgent } from '../agents/dispatch.ts';
import { hubAgent } from '../agents/hub.ts';
import { withStatementCache } from '../store/index.ts';
import { buildGraph } from './graph.ts';
import { recordEvents } from './dispatch-state.ts';
import { startRun } from './state.ts';

const T = { tenant: 'acme' };
const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;

async function setup(policy: Policy = loadDefaultPolicy()) {
  const clock = new ManualClock(toEpochSeconds(at('07:00')));
  const rt = openRuntime(mkdtempSync(join(tmpdir(), 'marshal-wave-')), tinyDay(), clock, { policy, policySource: 'default' });
  let n = 0;
  const accept = (type: EventType, data: unknown) => {
    const id = `evt-${++n}`;
    rt.inbox.accept({ specversion: '1.0', id, source: '/acme', type, time: at('08:00'), tenant: 'acme', data } as MarshalEvent);
    return id;
  };
  /** Orders created and released one by one, then their picks accepted together (and drained once, unless `drain` is false). */
  const wave = async (ids: string[], drain = true, load?: { weightKg: number; volumeM3: number; pallets: number }) => {
    for (const id of ids) {
      const order = tinyOrder(id, { createdAt: at('07:00') });
      await rt.ports.oms.createOrder({ order });
      accept('oms.order.created', { order });
      await rt.runner.drain();
    }
    clock.set(toEpochSeconds(at('08:00')));
    const picks = ids.map((id) => accept('wms.pick.completed', { orderId: id, shipmentId: `shp-${id}`, depotId: 'north', load: load ?? tinyOrder(id).load, completedAt: at('08:00') }));
    const before = rt.store.plans.current('acme')?.version ?? 0;
    const outcomes = drain ? await rt.runner.drain() : [];
    return { picks, outcomes, before };
  };
  const decisions = (eventId: string) => queryDecisions(rt.store.db, { ...T, eventId }).entries.map((e) => `${e.agent}:${e.kind}:${e.outcome}`);
  return { rt, clock, wave, decisions };
}

describe('a wave of picks', () => {
  it('runs as one graph run and one plan version; each pick gets its own route decision and its customer one ETA', async () => {
    const { rt, wave, decisions } = await setup();
    const { picks, outcomes, before } = await wave(['o-1', 'o-2', 'o-3']);
    expect(outcomes).toHaveLength(3);
    expect(new Set(outcomes.map((o) => o.threadId)).size).toBe(1);
    expect(rt.store.plans.current('acme')!.version).toBe(before + 1);
    for (const [i, pick] of picks.entries()) {
      const assign = queryDecisions(rt.store.db, { ...T, eventId: pick, kind: 'route.assign' }).entries;
      expect(assign).toEqual([expect.objectContaining({ outcome: 'executed', proposal: expect.objectContaining({ payload: expect.objectContaining({ shipmentId: `shp-o-${i + 1}` }) }) })]);
      expect(outcomes[i]!.decisions).toContain(assign[0]!.id);
      const messages = await rt.ports.notify.listMessages({ ...T, orderId: `o-${i + 1}` });
      expect(messages.map((m) => m.template)).toEqual(['eta']);
    }
    // Each van that took shipments of the wave is booked once, with all of them on its load.
    const { bookings } = await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: { start: at('06:00'), end: at('16:00') } });
    expect(bookings.flatMap((b) => b.shipmentIds).sort()).toEqual(['shp-o-1', 'shp-o-2', 'shp-o-3']);
    expect(new Set(bookings.map((b) => b.vehicleId)).size).toBe(bookings.length);
    expect(picks.flatMap(decisions).filter((d) => d.startsWith('hub:dock.assign')).length).toBe(bookings.length);
    // The Orchestrator routes once; each agent hands on to the next itself (or through the gate): a step, and a
    // checkpoint, per agent and per gate pass, none per hop back to the Orchestrator.
    const steps: string[] = [];
    for await (const snapshot of rt.graph.getStateHistory({ configurable: { thread_id: outcomes[0]!.threadId } })) steps.unshift(snapshot.next.join('+') || 'end');
    // The thread is the first order's: its run for the order came before the wave's.
    expect(steps.slice(steps.lastIndexOf('__start__'))).toEqual(['__start__', 'orchestrator', 'dispatch', 'gate', 'carrier', 'hub', 'gate', 'customer', 'gate', 'end']);
    rt.close();
  });

  it('held for a dispatcher: approving one pick\'s route runs the later agents for that pick only, so no customer hears twice', async () => {
    const policy = loadDefaultPolicy();
    policy.kinds['route.assign'] = { ...policy.kinds['route.assign']!, level: 'L1' };
    const { rt, wave, decisions } = await setup(policy);
    const { picks } = await wave(['o-1', 'o-2']);
    expect(picks.map(decisions)).toEqual([['dispatch:route.assign:queued'], ['dispatch:route.assign:queued']]);
    const reviews = rt.governance.listReviews('acme', { status: 'pending' });
    const queued = queryDecisions(rt.store.db, { ...T, eventId: picks[0]!, kind: 'route.assign' }).entries[0]!;
    const first = reviews.find((r) => r.decisionId === queued.id)!;
    rt.governance.approve(first.id, { id: 'user:dana', role: 'dispatcher', tenant: 'acme' }, { reason: 'fine' });
    await rt.runner.resumeReview('acme', first.id);
    expect(decisions(picks[0]!)).toEqual(expect.arrayContaining(['dispatch:route.assign:approved', 'customer:customer.notify:executed']));
    expect(decisions(picks[1]!)).toEqual(['dispatch:route.assign:queued']);
    expect((await rt.ports.notify.listMessages({ ...T, orderId: 'o-2' }))).toEqual([]);
    // The second approval tells o-2's customer, and o-1's customer nothing twice.
    const second = rt.governance.listReviews('acme', { status: 'pending' })[0]!;
    rt.governance.approve(second.id, { id: 'user:dana', role: 'dispatcher', tenant: 'acme' }, { reason: 'fine' });
    await rt.runner.resumeReview('acme', second.id);
    for (const orderId of ['o-1', 'o-2']) expect((await rt.ports.notify.listMessages({ ...T, orderId })).map((m) => m.template)).toEqual(['eta']);
    rt.close();
  });
});

describe('after an approval', () => {
  it('a tender approved runs nobody after Carrier again: Hub and Customer have nothing new to do for it', async () => {
    const policy = loadDefaultPolicy();
    policy.kinds['carrier.tender'] = { ...policy.kinds['carrier.tender']!, level: 'L1' };
    const { rt, wave, decisions } = await setup(policy);
    // 12 m³: more than a van holds, so the pick goes to a carrier, and the tender waits for a dispatcher.
    const { picks, outcomes } = await wave(['o-1'], true, { weightKg: 500, volumeM3: 12, pallets: 1 });
    expect(decisions(picks[0]!)).toContain('carrier:carrier.tender:queued');
    const [review] = rt.governance.listReviews('acme', { status: 'pending' });
    rt.governance.approve(review!.id, { id: 'user:dana', role: 'dispatcher', tenant: 'acme' }, { reason: 'fine' });
    await rt.runner.resumeReview('acme', review!.id);
    expect(decisions(picks[0]!)).toContain('carrier:carrier.tender:approved');
    const steps: string[] = [];
    for await (const snapshot of rt.graph.getStateHistory({ configurable: { thread_id: outcomes[0]!.threadId } })) steps.unshift(snapshot.next.join('+') || 'end');
    expect(steps.slice(steps.lastIndexOf('review'))).toEqual(['review', 'end']);
    rt.close();
  });
});

describe('a wave of picks whose run stopped half way (the process died after Hub)', () => {
  it('is resumed as the batch it began with, and a pick that came later runs after it: every pick done once, each customer told once', async () => {
    const { rt, clock, wave, decisions } = await setup();
    const { picks, before } = await wave(['o-1', 'o-2', 'o-3'], false);
    // The same graph over the same checkpoints, but its Customer step never finishes: the run stops after Hub.
    const dying = buildGraph({
      ports: rt.ports, store: rt.store, clock,
      governance: rt.governance, checkpointer: new SqliteSaver(withStatementCache(rt.store.db)),
      agents: { dispatch: dispatchAgent, carrier: carrierAgent, hub: hubAgent, customer: { name: 'customer', onEvent: () => Promise.reject(new Error('process died')) } },
    });
    // The dying run took the first two picks; the third came in after it had begun.
    const pending = rt.inbox.pending(10).slice(0, 2);
    await recordEvents(rt.store, rt.ports, pending.map((i) => i.event));
    await expect(dying.invoke(startRun(pending.map((i) => i.event)), { configurable: { thread_id: pending[0]!.correlationKey }, durability: 'sync' })).rejects.toThrow('process died');
    expect(rt.store.plans.current('acme')!.version).toBe(before + 1);
    expect(rt.inbox.pending(10)).toHaveLength(3);
    // Restarted, the runner finishes the stopped run (its two picks), then runs the third on its own.
    const outcomes = await rt.runner.drain();
    expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined, undefined]);
    expect(new Set(outcomes.map((o) => o.threadId)).size).toBe(2);
    expect(rt.inbox.pending(10)).toEqual([]);
    expect(rt.store.plans.current('acme')!.version).toBe(before + 2);
    for (const [i, pick] of picks.entries()) {
      expect(decisions(pick).filter((d) => d.startsWith('dispatch:route.assign'))).toEqual(['dispatch:route.assign:executed']);
      expect((await rt.ports.notify.listMessages({ ...T, orderId: `o-${i + 1}` })).map((m) => m.template)).toEqual(['eta']);
    }
    rt.close();
  });
});

describe('a wave with one bad pick', () => {
  it('a pick of an order nobody knows fails alone, naming the order; the rest of the wave is planned and told once', async () => {
    const { rt, wave, decisions } = await setup();
    const { picks } = await wave(['o-1', 'o-2'], false);
    const bad = 'evt-bad';
    rt.inbox.accept({ specversion: '1.0', id: bad, source: '/acme', type: 'wms.pick.completed', time: at('08:00'), tenant: 'acme',
      data: { orderId: 'o-404', shipmentId: 'shp-o-404', depotId: 'north', load: tinyOrder('o-404').load, completedAt: at('08:00') } } as MarshalEvent);
    const outcomes = await rt.runner.drain();
    expect(outcomes).toHaveLength(3);
    expect(outcomes.slice(0, 2).map((o) => o.error)).toEqual([undefined, undefined]);
    expect(outcomes[2]!.error).toMatch(/o-404/);
    expect(rt.inbox.failures('acme')).toEqual([{ eventId: bad, type: 'wms.pick.completed', error: expect.stringMatching(/o-404/) }]);
    expect(rt.inbox.pending(10)).toEqual([]);
    for (const [i, pick] of picks.entries()) {
      expect(decisions(pick).filter((d) => d.startsWith('dispatch:route.assign'))).toEqual(['dispatch:route.assign:executed']);
      expect((await rt.ports.notify.listMessages({ ...T, orderId: `o-${i + 1}` })).map((m) => m.template)).toEqual(['eta']);
    }
    expect(decisions(bad)).toEqual([]);
    expect(rt.store.shipments.get('acme', 'shp-o-404')).toBeUndefined();
    // Drained again, nothing runs twice.
    expect(await rt.runner.drain()).toEqual([]);
    rt.close();
  });

  it('an agent that fails on one pick half way through the run: the others are done once, the bad one fails with the error', async () => {
    const { rt, clock, wave, decisions } = await setup();
    const { picks } = await wave(['o-1', 'o-2', 'o-3'], false);
    // Customer cannot handle the second pick: the wave's run fails after Dispatch, Carrier and Hub acted on all three.
    const picky = {
      ...customerAgent,
      onEvent: (e: MarshalEvent, d: AgentDeps) => (e.id === picks[1] ? Promise.reject(new Error(`cannot tell ${e.id}'s customer`)) : customerAgent.onEvent(e, d)),
      onBatch: (es: readonly MarshalEvent[], d: AgentDeps) => (es.some((e) => e.id === picks[1]) ? Promise.reject(new Error(`cannot tell ${picks[1]}'s customer`)) : customerAgent.onBatch!(es, d)),
    };
    const agents = { dispatch: dispatchAgent, carrier: carrierAgent, hub: hubAgent, customer: picky };
    const graph = buildGraph({ ports: rt.ports, store: rt.store, clock, governance: rt.governance, checkpointer: new SqliteSaver(withStatementCache(rt.store.db)), agents });
    const runner = createRunner({ inbox: rt.inbox, graph, governance: rt.governance, store: rt.store, ports: rt.ports, clock, batchable: batchableTypes(agents) });
    const outcomes = await runner.drain();
    expect(outcomes.map((o) => o.error)).toEqual([undefined, `cannot tell ${picks[1]}'s customer`, undefined]);
    expect(rt.inbox.failures('acme').map((f) => f.eventId)).toEqual([picks[1]]);
    for (const [i, pick] of picks.entries()) {
      expect(decisions(pick).filter((d) => d.startsWith('dispatch:route.assign'))).toEqual(['dispatch:route.assign:executed']);
      expect(decisions(pick).filter((d) => d.startsWith('hub:dock.assign')).length).toBeLessThanOrEqual(1);
      const told = (await rt.ports.notify.listMessages({ ...T, orderId: `o-${i + 1}` })).map((m) => m.template);
      expect(told).toEqual(i === 1 ? [] : ['eta']);
    }
    rt.close();
  });
});

describe('batchesOf', () => {
  const item = (seq: number, type: EventType, tenant = 'acme'): InboxItem => ({
    seq, correlationKey: `k${seq}`, attempts: 0, event: { specversion: '1.0', id: `e${seq}`, source: '/t', type, time: at('08:00'), tenant, data: {} } as unknown as MarshalEvent,
  });
  const picks = new Set<EventType>(['wms.pick.completed']);
  const seqs = (runs: InboxItem[][]) => runs.map((r) => r.map((i) => i.seq));

  it('joins consecutive events of one tenant and a batchable type, and nothing else', () => {
    const items = [item(1, 'wms.pick.completed'), item(2, 'wms.pick.completed'), item(3, 'oms.order.created'), item(4, 'oms.order.created'),
      item(5, 'wms.pick.completed'), item(6, 'wms.pick.completed', 'other'), item(7, 'wms.pick.completed', 'other')];
    expect(seqs(batchesOf(items, picks))).toEqual([[1, 2], [3], [4], [5], [6, 7]]);
    expect(seqs(batchesOf(items, new Set()))).toEqual([[1], [2], [3], [4], [5], [6], [7]]);
  });

  it(`cuts a long wave at ${MAX_BATCH}`, () => {
    const items = Array.from({ length: MAX_BATCH + 1 }, (_, i) => item(i + 1, 'wms.pick.completed'));
    expect(batchesOf(items, picks).map((r) => r.length)).toEqual([MAX_BATCH, 1]);
  });
});
