import { describe, expect, it } from 'vitest';
import { openDispatchRuntime } from '../../test/fixtures/tiny-dispatch.ts';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { parseEvent } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { dispatchAgent } from './dispatch.ts';
import { hubAgent } from './hub.ts';

const T = { tenant: 'acme' };
const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const window = (from: string, to: string) => [{ start: at(from), end: at(to) }];
const shift = { start: at('06:00'), end: at('16:00') };

/** o-1 and o-2 picked onto one van, which Hub booked for both; then a dispatcher overrides o-2's assignment. */
async function secondStopTakenOff() {
  const dana = { id: 'user:dana', role: 'dispatcher' as const, tenant: 'acme' };
  const rt = await openDispatchRuntime({ dispatch: dispatchAgent, hub: hubAgent });
  await rt.pick('o-1', { completedAt: '08:00' });
  await rt.pick('o-2', { completedAt: '08:05' });
  await rt.runner.drain();
  const van = rt.store.shipments.require('acme', 'shp-o-1').vehicleId!;
  expect(rt.store.shipments.require('acme', 'shp-o-2').vehicleId).toBe(van);
  const [assign] = queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-o-2', kind: 'route.assign' }).entries;
  rt.governance.override(assign!.id, dana, 'o-2 waits for the afternoon van');
  await rt.runner.deliver();
  return { rt, van };
}

describe('Hub agent', () => {
  it('books a door before the van leaves and loads it last drop first', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, hub: hubAgent });
    await rt.pick('o-1', { completedAt: '08:00', order: { windows: window('11:00', '12:00') } });
    await rt.pick('o-2', { completedAt: '08:00', order: { windows: window('10:00', '10:30') } });
    await rt.runner.drain();
    const van = rt.store.shipments.require('acme', 'shp-o-1').vehicleId!;
    const route = rt.store.plans.current('acme')!.routes.find((r) => r.vehicleId === van)!;
    expect(route.stops.map((s) => s.shipmentId)).toEqual(['shp-o-2', 'shp-o-1']);
    // The van leaves so as to reach the 10:00 window as it opens, not when loading is done at 08:20: one booking, for the
    // loading slot that ends as it departs, updated as the second pick joined it.
    expect(route.stops[0]!.arrivalAt).toBe(at('10:00'));
    const hhmm = (iso: string) => iso.slice(11, 16);
    const departs = Date.parse(route.departAt);
    const slot = { start: new Date(departs - 20 * 60_000).toISOString().replace('.000', ''), end: route.departAt };
    const { bookings } = await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: shift });
    expect(bookings).toEqual([expect.objectContaining({ door: 1, vehicleId: van, slot, shipmentIds: ['shp-o-1', 'shp-o-2'] })]);
    const sequences = queryDecisions(rt.store.db, { ...T, kind: 'load.sequence' }).entries;
    expect(sequences.map((e) => [e.outcome, e.proposal!.payload.shipmentIds])).toEqual([['executed', ['shp-o-1']], ['executed', ['shp-o-1', 'shp-o-2']]]);
    const last = sequences[1]!;
    expect(last.explanation.summary).toBe('Load ' + van + ' last drop first: shp-o-1, shp-o-2 (8 kg, 0.008 m³, 2 pallets).');
    expect(last.proposal!.payload.load).toEqual({ weightKg: 8, volumeM3: 0.008, pallets: 2 });
    const [dock, update] = queryDecisions(rt.store.db, { ...T, kind: 'dock.assign' }).entries;
    expect(dock).toMatchObject({ level: 'L3', outcome: 'executed' });
    const times = `${hhmm(slot.start)} UTC–${hhmm(slot.end)} UTC`;
    // Alone, shp-o-1 (11:00) had the van leave an hour later.
    expect(dock!.explanation.summary).toBe(`Door 1 at north for ${van}, 10:32 UTC–10:52 UTC: loading ends as the route departs.`);
    expect(update!.explanation.summary).toBe(`Door 1 at north for ${van}, ${times}: loading ends as the route departs (moves ${van}'s booking from door 1 10:32 UTC–10:52 UTC: the route now departs ${hhmm(slot.end)} UTC).`);
  });

  it("moves the van's booking when a later pick moves its departure, keeping its door", async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, hub: hubAgent });
    await rt.pick('o-1', { completedAt: '08:00', order: { windows: window('08:00', '12:00') } });
    await rt.pick('o-2', { completedAt: '08:10', order: { windows: window('08:00', '12:00') } });
    await rt.runner.drain();
    const van = rt.store.shipments.require('acme', 'shp-o-1').vehicleId!;
    expect(rt.store.shipments.require('acme', 'shp-o-2').vehicleId).toBe(van);
    const { bookings } = await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: shift });
    expect(bookings).toEqual([expect.objectContaining({ door: 1, vehicleId: van, slot: { start: at('08:10'), end: at('08:30') } })]);
    const docks = queryDecisions(rt.store.db, { ...T, kind: 'dock.assign' }).entries;
    expect(docks.map((e) => e.outcome)).toEqual(['executed', 'executed']);
    expect(docks[1]!.explanation.summary).toContain(`moves ${van}'s booking from door 1 08:00 UTC–08:20 UTC: the route now departs 08:30 UTC`);
  });

  it('prepares a van once: running again for the same pick (a pass after an approval) books and loads nothing twice', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, hub: hubAgent });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.runner.drain();
    expect(queryDecisions(rt.store.db, { ...T, agent: 'hub' }).entries.map((e) => e.kind)).toEqual(['dock.assign', 'load.sequence']);
    const pick = parseEvent({ specversion: '1.0', id: 'evt-1', source: '/test', type: 'wms.pick.completed', time: at('08:00'), tenant: 'acme',
      data: { orderId: 'o-1', shipmentId: 'shp-o-1', depotId: 'north', load: tinyOrder('o-1').load, completedAt: at('08:00') } });
    const again = await hubAgent.onEvent(pick, rt);
    expect(again.proposals).toEqual([]);
    expect(again.notes).toContain(`${rt.store.shipments.require('acme', 'shp-o-1').vehicleId} is loaded in this order already`);
  });

  it('a shipment Hub booked that a dispatcher took off the van is no mismatch: the booking is simply updated', async () => {
    const { rt, van } = await secondStopTakenOff();
    const before = queryDecisions(rt.store.db, { ...T, agent: 'hub' }).entries.length;
    await rt.pick('o-3', { completedAt: '08:10' });
    await rt.runner.drain();
    expect(rt.store.shipments.require('acme', 'shp-o-3').vehicleId).toBe(van);
    const hub = queryDecisions(rt.store.db, { ...T, agent: 'hub' }).entries.slice(before);
    expect(hub.map((e) => `${e.kind}:${e.level}:${e.outcome}`)).toEqual(['dock.assign:L3:executed', 'load.sequence:L3:executed']);
    const { bookings } = await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: shift });
    expect(bookings.filter((b) => b.vehicleId === van).map((b) => [...b.shipmentIds].sort())).toEqual([['shp-o-1', 'shp-o-3']]);
  });

  it('a shipment already at the door that the plan took off the van goes to a person', async () => {
    const { rt, van } = await secondStopTakenOff();
    // Loading has begun: the booking's slot started before the next pick joins the van.
    const [booking] = (await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: shift })).bookings;
    const loadingSince = new Date(Date.parse(booking!.slot.start) + 60_000).toISOString().slice(11, 16);
    const before = queryDecisions(rt.store.db, { ...T, agent: 'hub' }).entries.length;
    await rt.pick('o-3', { completedAt: loadingSince });
    await rt.runner.drain();
    expect(rt.store.shipments.require('acme', 'shp-o-3').vehicleId).toBe(van);
    const hub = queryDecisions(rt.store.db, { ...T, agent: 'hub' }).entries.slice(before);
    expect(hub.map((e) => `${e.kind}:${e.level}:${e.outcome}`)).toEqual(['dock.assign:L1:queued', 'load.sequence:L1:queued']);
    expect(hub[1]!.explanation.summary).toContain(`WMS has shp-o-2 staged for ${van}, which the plan does not put on it`);
  });

  it('says nothing while the shipment waits for a van', async () => {
    const rt = await openDispatchRuntime({ hub: hubAgent });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.runner.drain();
    expect(queryDecisions(rt.store.db, T).entries).toEqual([]);
  });

  it('flags a staged load that does not match the plan and sends it to a dispatcher', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, hub: hubAgent });
    for (const [door, van] of [[1, 'v1'], [2, 'v2']] as const) {
      await rt.ports.wms.bookDock({ ...T, depotId: 'north', door, vehicleId: van, slot: { start: at('14:00'), end: at('14:30') }, shipmentIds: ['shp-stray'], idempotencyKey: `stray-${van}` });
    }
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.runner.drain();
    const van = rt.store.shipments.require('acme', 'shp-o-1').vehicleId!;
    const hub = queryDecisions(rt.store.db, { ...T, agent: 'hub' }).entries;
    expect(hub.map((e) => `${e.kind}:${e.level}:${e.outcome}`)).toEqual(['dock.assign:L1:queued', 'load.sequence:L1:queued']);
    expect(hub[1]!.explanation.summary).toContain(`Staged load does not match the plan: WMS has shp-stray staged for ${van}, which the plan does not put on it.`);
    expect(hub[1]!.proposal!.confidence).toBe(0.5);
  });
});
