import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, type Order, Plan, type Shipment } from '../domain/index.ts';
import { openStore, SchemaTooNewError, STORE_MIGRATIONS } from './index.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
const tenant = { id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' };

const window = { start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' };

/** A shipment of order `id` less its `shp-` prefix, due 10:00–12:00, on `vehicleId` when given. */
function shipment(id: string, status: Shipment['status'], vehicleId?: string): Shipment {
  return {
    id, tenant: 'acme', orderIds: [id.slice(4)], depotId: 'north', customerId: 'c1', destination: { lat: 52.37, lon: 4.9 }, windows: [window],
    serviceSeconds: 300, load: { weightKg: 1, volumeM3: 0.01, pallets: 0 }, requiredSkills: [], status, ...(vehicleId ? { vehicleId } : {}),
  };
}

function order(id: string, over: Partial<Order> = {}): Order {
  return {
    id, tenant: 'acme', customerId: 'c1', depotId: 'north', channel: 'ecommerce', slaTier: 'standard',
    lines: [{ lineNo: 1, sku: 'sku-1', qty: 2 }],
    windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }],
    serviceSeconds: 300, load: { weightKg: 4, volumeM3: 0.02, pallets: 0 }, value: { amountMinor: 1999, currency: 'EUR' },
    createdAt: '2026-11-23T07:00:00Z', priority: 50, status: 'created', ...over,
  };
}

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'marshal-store-')), 'marshal.db');
}

describe('dispatch store', () => {
  it('keeps orders across reopen and filters them by status with paging', () => {
    const file = tempFile();
    const store = openStore(file, { clock });
    store.tenants.put(tenant);
    for (let i = 0; i < 5; i++) store.orders.put(order(`o-${i}`, { status: i % 2 ? 'held' : 'created' }));
    store.close();

    const again = openStore(file, { clock });
    expect(again.orders.require('acme', 'o-3').status).toBe('held');
    const first = again.orders.list('acme', { where: { status: 'created' }, limit: 2 });
    expect(first.items.map((o) => o.id)).toEqual(['o-0', 'o-2']);
    const second = again.orders.list('acme', { where: { status: 'created' }, limit: 2, after: first.next });
    expect(second.items.map((o) => o.id)).toEqual(['o-4']);
    expect(second.next).toBeUndefined();
    expect(again.orders.count('acme', { status: 'held' })).toBe(2);
    again.close();
  });

  it('refuses an order whose window ends before it starts, naming the field, and stores nothing', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    const bad = order('o-bad', { windows: [{ start: '2026-11-23T12:00:00Z', end: '2026-11-23T10:00:00Z' }] });
    expect(() => store.orders.put(bad)).toThrow(/windows\.0\.end: window ends before it starts/);
    expect(() => store.orders.put(order('o-neg', { lines: [{ lineNo: 1, sku: 's', qty: -1 }] }))).toThrow(
      /lines\.0\.qty: must be more than zero/,
    );
    expect(store.orders.count('acme')).toBe(0);
  });

  it('refuses a document for an unknown tenant', () => {
    const store = openStore(':memory:', { clock });
    expect(() => store.orders.put(order('o-1', { tenant: 'ghost' }))).toThrow(/tenant: unknown tenant 'ghost'/);
    expect(() => store.tenants.require('ghost')).toThrow(/unknown tenant/);
  });

  it('refuses a filter that is not a column, naming it', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    expect(() => store.orders.list('acme', { where: { colour: 'red' } })).toThrow(/colour: not a filter of orders/);
    expect(() => store.orders.list('acme', { limit: 0 })).toThrow(/limit/);
  });

  it('versions plans per tenant and returns the latest as current', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    const plan = { id: 'p', tenant: 'acme', version: 0, createdAt: '2026-11-23T08:00:00Z', routes: [], unassigned: [] };
    expect(store.plans.save(plan).version).toBe(1);
    expect(store.plans.save({ ...plan, id: 'p2' }).version).toBe(2);
    expect(store.plans.current('acme')?.id).toBe('p2');
    expect(store.plans.version('acme', 1)?.id).toBe('p');
  });

  it('reads a plan it just saved back exactly as the schema would give it, and refuses one tampered with afterwards', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
    const stop = { shipmentId: 's1', kind: 'delivery', location: { lat: 52.37, lon: 4.89 }, arrivalAt: at('09:50'), serviceStartAt: at('10:00'), departureAt: at('10:10'), eta: at('10:00'), status: 'planned' };
    const saved = store.plans.save({
      id: 'p', tenant: 'acme', version: 0, createdAt: at('08:00'), unassigned: [{ shipmentId: 's2', reasons: ['capacity'] }],
      routes: [{ vehicleId: 'v1', departAt: at('09:00'), returnAt: at('11:00'), stops: [stop], distanceM: 1200, durationS: 7200, cost: { amountMinor: 900, currency: 'EUR' } }],
    });
    const read = store.plans.current('acme');
    expect(read).toEqual(Plan.parse(JSON.parse(JSON.stringify(saved))));
    expect(read).toEqual(saved);
    // Readers share the parsed plan: none may change it under the others.
    expect(() => read!.routes[0]!.stops.splice(0, 1)).toThrow(TypeError);
    expect(() => saved.unassigned.pop()).toThrow(TypeError);
    expect(store.plans.version('acme', 1)?.routes[0]?.stops).toHaveLength(1);
    store.db.prepare("UPDATE plans SET doc = json_set(doc, '$.unassigned[0].reasons[0]', 'weather') WHERE version = 1").run();
    expect(() => store.plans.current('acme')).toThrow(/unassigned\.0\.reasons\.0/);
  });

  it('stores one current ETA per shipment', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    const eta = {
      tenant: 'acme', shipmentId: 's1', eta: '2026-11-23T10:30:00Z', updatedAt: '2026-11-23T08:00:00Z',
      window: { start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' },
    };
    store.etas.put(eta);
    store.etas.put({ ...eta, eta: '2026-11-23T11:00:00Z' });
    expect(store.etas.count('acme')).toBe(1);
    expect(store.etas.require('acme', 's1').eta).toBe('2026-11-23T11:00:00Z');
  });

  it("reads shipments' status, van and ETA by id as their documents hold them, leaving out unknown ids", () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    store.shipments.put(shipment('shp-1', 'assigned', 'v1'));
    store.shipments.put(shipment('shp-2', 'ready'));
    store.etas.put({ tenant: 'acme', shipmentId: 'shp-1', vehicleId: 'v1', eta: '2026-11-23T10:30:00Z', updatedAt: '2026-11-23T08:00:00Z', window });
    const states = store.shipmentStates('acme', ['shp-1', 'shp-2', 'shp-unknown']);
    expect(Object.fromEntries(states)).toEqual({
      'shp-1': { status: 'assigned', vehicleId: 'v1', eta: '2026-11-23T10:30:00Z' },
      'shp-2': { status: 'ready', vehicleId: null, eta: null },
    });
    expect(store.shipmentStates('other', ['shp-1']).size).toBe(0);
  });

  it('finds the planned stops a plan would retime: assigned to the same van, with another stored ETA or none', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    for (const id of ['shp-1', 'shp-2', 'shp-3']) {
      store.shipments.put(shipment(id, 'assigned', 'v1'));
      store.etas.put({ tenant: 'acme', shipmentId: id, vehicleId: 'v1', eta: '2026-11-23T10:30:00Z', updatedAt: '2026-11-23T08:00:00Z', window });
    }
    store.shipments.put(shipment('shp-4', 'assigned', 'v1'));
    store.shipments.put(shipment('shp-5', 'ready'));
    const at = (shipmentId: string, vehicleId: string, eta: string) => ({ shipmentId, vehicleId, eta });
    const stops = [
      at('shp-1', 'v1', '2026-11-23T10:30:00Z'), // as stored
      at('shp-2', 'v1', '2026-11-23T10:45:00Z'), // later on the same van
      at('shp-3', 'v2', '2026-11-23T11:00:00Z'), // another van: a move, not a retiming
      at('shp-4', 'v1', '2026-11-23T11:15:00Z'), // no ETA stored yet
      at('shp-5', 'v1', '2026-11-23T11:30:00Z'), // not assigned
      at('shp-9', 'v1', '2026-11-23T11:45:00Z'), // unknown
    ];
    expect(store.staleEtas('acme', stops)).toEqual(['shp-2', 'shp-4']);
    expect(store.staleEtas('other', stops)).toEqual([]);
    expect(store.staleEtas('acme', [])).toEqual([]);
    // Writes after a look are seen by the next one: an ETA stored as planned, a van changed.
    store.etas.put({ tenant: 'acme', shipmentId: 'shp-2', vehicleId: 'v1', eta: '2026-11-23T10:45:00Z', updatedAt: '2026-11-23T08:05:00Z', window });
    store.shipments.put(shipment('shp-3', 'assigned', 'v2'));
    expect(store.staleEtas('acme', stops)).toEqual(['shp-3', 'shp-4']);
  });

  it('finds what moved since a plan version as a customer would notice: placed, retimed by the threshold or more, off their van', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    const put = (id: string, status: 'assigned' | 'ready' | 'delivered', eta?: string) => {
      store.shipments.put(shipment(id, status, status === 'assigned' ? 'v1' : undefined));
      if (eta) store.etas.put({ tenant: 'acme', shipmentId: id, vehicleId: 'v1', eta, updatedAt: '2026-11-23T08:00:00Z', window });
    };
    put('shp-w1', 'assigned', '2026-11-23T11:00:00Z');
    put('shp-w2', 'ready');
    put('shp-same', 'assigned', '2026-11-23T10:14:59Z'); // 899 s later: not noticed
    put('shp-later', 'assigned', '2026-11-23T10:15:00Z'); // 900 s later
    put('shp-earlier', 'assigned', '2026-11-23T09:40:00Z');
    put('shp-off', 'ready'); // lost its van
    put('shp-noeta', 'assigned');
    put('shp-done', 'delivered');
    put('shp-exact', 'assigned', '2026-11-23T10:00:00Z');
    const planned = ['shp-exact', 'shp-noeta', 'shp-same', 'shp-later', 'shp-done', 'shp-earlier', 'shp-off', 'shp-gone'].map((shipmentId) => [shipmentId, { eta: '2026-11-23T10:00:00Z' }] as const);
    expect(store.movedSince('acme', ['shp-w2', 'shp-w1', 'shp-gone'], planned, 900)).toEqual({
      placed: ['shp-w1'], moved: ['shp-noeta', 'shp-later', 'shp-earlier', 'shp-off'],
    });
    expect(store.movedSince('other', ['shp-w1'], planned, 900)).toEqual({ placed: [], moved: [] });
    // With no threshold, any stop still open counts, the one at its planned ETA to the second too.
    expect(store.movedSince('acme', [], planned, 0).moved).toEqual(['shp-exact', 'shp-noeta', 'shp-same', 'shp-later', 'shp-earlier', 'shp-off']);
  });

  it('refuses to open a database written by a newer schema, with a clear message, and leaves it untouched', () => {
    const file = tempFile();
    openStore(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${STORE_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(SchemaTooNewError);
    const known = STORE_MIGRATIONS.length;
    expect(() => openStore(file)).toThrow(`schema version ${known + 1}, but this Marshal knows versions up to ${known}`);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(known + 1);
    check.close();
  });
});
