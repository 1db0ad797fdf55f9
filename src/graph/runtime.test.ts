import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { type EventType, ManualClock, parseEvent, toEpochSeconds } from '../domain/index.ts';
import { loadDefaultPolicy } from '../policies/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { playDay } from '../sandbox/player.ts';
import { openRuntime, type RuntimeOptions } from './runtime.ts';

const policy: RuntimeOptions = { policy: loadDefaultPolicy(), policySource: 'default' };

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const ev = (id: string, time: string, type: EventType, data: unknown) => ({ specversion: '1.0' as const, id, source: '/sandbox', type, time, tenant: 'acme', data });

function dayWithEvents() {
  const day = tinyDay();
  day.events = [
    ev('e1', at('07:00'), 'oms.order.created', { order: tinyOrder('o-1') }),
    ev('e2', at('07:30'), 'oms.order.created', { order: tinyOrder('o-2', { customerId: 'c-store' }) }),
    ev('e3', at('08:15'), 'wms.pick.completed', { orderId: 'o-1', shipmentId: 'shp-o-1', depotId: 'north', load: { weightKg: 4, volumeM3: 0.004, pallets: 1 }, completedAt: at('08:15') }),
    ev('e4', at('11:00'), 'telematics.vehicle.down', { vehicleId: 'v2', at: at('11:00'), location: { lat: 52.4, lon: 4.9 }, reason: 'breakdown' }),
    ev('e5', at('12:00'), 'driver.pod.captured', { orderId: 'o-1', shipmentId: 'shp-o-1', deliveredAt: at('12:00'), signedBy: 'J. Doe' }),
  ];
  return day;
}

describe('runtime on the sandbox', () => {
  it('plays a day: orders appear in OMS and in dispatch state, shipments at pick, vehicles go down, PODs deliver', async () => {
    const data = mkdtempSync(join(tmpdir(), 'marshal-rt-'));
    const day = dayWithEvents();
    const clock = new ManualClock(toEpochSeconds(at('06:00')));
    const rt = openRuntime(data, day, clock, policy);
    const waits: number[] = [];
    const played = await playDay(day.events, {
      clock, speed: 60, onEvent: (e, i) => rt.ingest(e, i), sleep: async (ms) => void waits.push(ms),
    });
    expect(played).toBe(5);
    // 07:00 is an hour after 06:00: one simulated hour is one real minute at speed 60.
    expect(waits[0]).toBe(60_000);
    expect(rt.store.orders.require('acme', 'o-1').status).toBe('delivered');
    expect(rt.store.orders.require('acme', 'o-2').status).toBe('created');
    expect(rt.store.shipments.require('acme', 'shp-o-1')).toMatchObject({ status: 'delivered', customerId: 'c-shop', readyAt: at('08:15') });
    expect(rt.store.vehicles.require('acme', 'v2').status).toBe('down');
    expect((await rt.ports.telematics.getVehicle({ tenant: 'acme', vehicleId: 'v2' })).status).toBe('down');
    expect((await rt.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).status).toBe('delivered');
    expect(rt.cursor()).toBe(5);
    const kinds = (orderId: string) => queryDecisions(rt.store.db, { tenant: 'acme', orderId }).entries.map((e) => `${e.kind}:${e.outcome}`);
    // The pick puts shp-o-1 on a van (route.assign refers to the shipment) and the customer is told its ETA.
    expect(kinds('o-1')).toEqual(['order.release:executed', 'customer.notify:executed', 'invoice.post:executed']);
    // c-store owes 4000 of its 5000 limit, so a 1200 order is held for a dispatcher to confirm; nobody does
    // within its deadline while the day plays on, so the review expires (escalated, never executed).
    expect(kinds('o-2')).toEqual(['order.hold:queued', 'order.hold:expired']);
    expect(await rt.ports.erp.listPostings({ tenant: 'acme', orderId: 'o-1', type: 'customer_invoice' })).toHaveLength(1);
    expect(rt.inbox.counts()).toEqual({ pending: 0, done: 5, failed: 0 });
    rt.close();
  });

  it('resumes after a stop without replaying what was played, and survives an event seen twice', async () => {
    const data = mkdtempSync(join(tmpdir(), 'marshal-rt-'));
    const day = dayWithEvents();
    const clock = new ManualClock(toEpochSeconds(at('06:00')));
    const first = openRuntime(data, day, clock, policy);
    const controller = new AbortController();
    await playDay(day.events, {
      clock, speed: Infinity, signal: controller.signal,
      onEvent: async (e, i) => {
        await first.ingest(e, i);
        if (i === 1) controller.abort();
      },
    });
    expect(first.cursor()).toBe(2);
    first.close();

    const again = openRuntime(data, day, new ManualClock(toEpochSeconds(at('07:30'))), policy);
    await again.ingest(parseEvent(day.events[1]), 1);
    const played = await playDay(day.events, { clock: new ManualClock(toEpochSeconds(at('07:30'))), speed: Infinity, from: again.cursor(), onEvent: (e, i) => again.ingest(e, i) });
    expect(played).toBe(5);
    expect(again.store.orders.count('acme')).toBe(2);
    expect((await again.ports.oms.listOrders({ tenant: 'acme' })).orders).toHaveLength(2);
    again.close();
  });

  it('takes a wave whole or not at all: an event the world refuses leaves the wave unplayed, to be played again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'marshal-rt-'));
    const day = dayWithEvents();
    const rt = openRuntime(data, day, new ManualClock(toEpochSeconds(at('08:00'))), policy);
    await rt.ingestAll([parseEvent(day.events[0]), parseEvent(day.events[1])], 0);
    const pick = (id: string, orderId: string) => parseEvent(ev(id, at('08:15'), 'wms.pick.completed', {
      orderId, shipmentId: `shp-${orderId}`, depotId: 'north', load: { weightKg: 4, volumeM3: 0.004, pallets: 1 }, completedAt: at('08:15'),
    }));
    await expect(rt.ingestAll([pick('p1', 'o-1'), pick('p2', 'o-unknown')], 2)).rejects.toThrow(/o-unknown/);
    expect(rt.cursor()).toBe(2);
    expect(rt.inbox.counts()).toEqual({ pending: 0, done: 2, failed: 0 });
    expect((await rt.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).status).not.toBe('picked');
    expect(rt.store.shipments.get('acme', 'shp-o-1')).toBeUndefined();
    await rt.ingestAll([pick('p1', 'o-1')], 2);
    expect(rt.cursor()).toBe(3);
    expect((await rt.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).status).toBe('picked');
    expect(rt.store.shipments.get('acme', 'shp-o-1')).toBeDefined();
    rt.close();
  });

  it('refuses a data directory that holds another day', () => {
    const data = mkdtempSync(join(tmpdir(), 'marshal-rt-'));
    openRuntime(data, tinyDay(), new ManualClock(0), policy).close();
    expect(() => openRuntime(data, { ...tinyDay(), name: 'other' }, new ManualClock(0), policy)).toThrow(/holds the sandbox day 'tiny', not 'other'/);
  });
});
