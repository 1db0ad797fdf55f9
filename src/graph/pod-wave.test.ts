/** PODs waiting in the inbox run as one graph run, each answered as it would have been on its own. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { type EventType, ManualClock, type MarshalEvent, type Order, toEpochSeconds, toIso } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { loadDefaultPolicy } from '../policies/index.ts';
import { openRuntime } from './runtime.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const heavy = { load: { weightKg: 900, volumeM3: 1, pallets: 1 } };

/**
 * Two vans each carry a 900 kg order, a light one rides along on one of them, and a third 900 kg order waits for a
 * van's next trip. Every stop's POD then arrives at 10:06, in the order the vans serve them: run as one batch, or
 * one drain each.
 */
async function podsRun(together: boolean) {
  const clock = new ManualClock(toEpochSeconds(at('07:00')));
  const rt = openRuntime(mkdtempSync(join(tmpdir(), 'marshal-pod-wave-')), tinyDay(), clock, { policy: loadDefaultPolicy(), policySource: 'default' });
  let n = 0;
  const accept = (type: EventType, data: unknown) => {
    const id = `evt-${++n}`;
    rt.inbox.accept({ specversion: '1.0', id, source: '/acme', type, time: toIso(clock.now()), tenant: 'acme', data } as MarshalEvent);
    return id;
  };
  const orderAndPick = async (id: string, over: Partial<Order>) => {
    const order = tinyOrder(id, { createdAt: at('07:00'), ...over });
    await rt.ports.oms.createOrder({ order });
    accept('oms.order.created', { order });
    await rt.runner.drain();
    accept('wms.pick.completed', { orderId: id, shipmentId: `shp-${id}`, depotId: 'north', load: order.load, completedAt: toIso(clock.now()) });
    await rt.runner.drain();
  };
  clock.set(toEpochSeconds(at('08:00')));
  await orderAndPick('o-1', heavy);
  await orderAndPick('o-2', heavy);
  await orderAndPick('o-4', { load: { weightKg: 10, volumeM3: 0.01, pallets: 0 }, windows: [{ start: at('09:00'), end: at('12:00') }] });
  clock.set(toEpochSeconds(at('08:10')));
  await orderAndPick('o-3', { ...heavy, windows: [{ start: at('10:00'), end: at('16:00') }] });
  const plan = rt.store.plans.current('acme')!;
  clock.set(toEpochSeconds(at('10:06')));
  const pods: string[] = [];
  for (const route of plan.routes) {
    for (const stop of route.stops) {
      const orderId = stop.shipmentId.replace(/^shp-/, '');
      pods.push(accept('driver.pod.captured', { shipmentId: stop.shipmentId, orderId, vehicleId: route.vehicleId, deliveredAt: at('10:06'), signedBy: 'J. Jansen' }));
      if (!together) await rt.runner.drain();
    }
  }
  const outcomes = await rt.runner.drain();
  const decided = pods.map((eventId) => queryDecisions(rt.store.db, { tenant: 'acme', eventId }).entries
    .map((e) => `${e.agent}:${e.kind}:${e.outcome}: ${e.explanation.summary}`));
  const after = rt.store.plans.current('acme')!;
  // Delivered stops may linger on a stored route until the next plan version: only the open one is compared.
  const open = after.routes.filter((r) => r.stops.some((s) => rt.store.shipments.get('acme', s.shipmentId)?.status === 'assigned'));
  return { plan, outcomes, decided, after: { routes: open.map((r) => [r.vehicleId, r.stops.map((s) => s.shipmentId)]), unassigned: after.unassigned } };
}

describe('a batch of PODs', () => {
  it('runs as one graph run; a van heading back takes the waiting shipment once, as when each POD ran alone', async () => {
    const alone = await podsRun(false);
    const batch = await podsRun(true);
    // The scenario is as described: the light order shares a van, and the third heavy one waits for a next trip.
    expect(batch.plan.routes.map((r) => r.stops.length).sort()).toEqual([1, 2]);
    expect(batch.plan.unassigned).toEqual([expect.objectContaining({ shipmentId: 'shp-o-3', reasons: ['awaiting_vehicle'] })]);
    expect(batch.outcomes).toHaveLength(3);
    expect(new Set(batch.outcomes.map((o) => o.threadId)).size).toBe(1);
    expect(batch.decided).toEqual(alone.decided);
    expect(batch.decided.flat().filter((d) => d.startsWith('dispatch:route.replan:executed'))).toHaveLength(1);
    expect(batch.decided.flat().filter((d) => d.startsWith('settlement:invoice.post:executed'))).toHaveLength(3);
    expect(batch.after).toEqual(alone.after);
    expect(batch.after).toEqual({ routes: [[expect.any(String), ['shp-o-3']]], unassigned: [] });
  });
});
