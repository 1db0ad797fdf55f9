import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, type Shipment } from '../domain/index.ts';
import { openStore } from './index.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
const tenant = { id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' };

function shipment(id: string, status: Shipment['status'], depotId = 'north'): Shipment {
  return {
    id, tenant: 'acme', orderIds: [id.slice(4)], depotId, customerId: 'c1', destination: { lat: 52.37, lon: 4.9 },
    windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300,
    load: { weightKg: 1, volumeM3: 0.01, pallets: 0 }, requiredSkills: [], status,
  };
}

const ids = (list: readonly Shipment[]) => list.map((s) => s.id);

describe('open shipments', () => {
  it('lists what is planned, ready or assigned by depot, and follows every later write', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    store.shipments.put(shipment('shp-3', 'ready'));
    store.shipments.put(shipment('shp-1', 'planned'));
    store.shipments.put(shipment('shp-2', 'delivered'));
    store.shipments.put(shipment('shp-4', 'assigned', 'south'));
    expect(ids(store.openShipments('acme').list('north'))).toEqual(['shp-1', 'shp-3']);
    expect(ids(store.openShipments('acme').list())).toEqual(['shp-1', 'shp-3', 'shp-4']);

    store.shipments.put(shipment('shp-1', 'loaded'));
    store.shipments.put(shipment('shp-5', 'ready'));
    store.shipments.put(shipment('shp-4', 'assigned', 'north'));
    const open = store.openShipments('acme');
    expect(ids(open.list('north'))).toEqual(['shp-3', 'shp-4', 'shp-5']);
    expect(open.list('south')).toEqual([]);
    expect(open.depotOf('shp-4')).toBe('north');
    expect(open.depotOf('shp-1')).toBeUndefined();
    expect(open.list('north').find((s) => s.id === 'shp-4')?.status).toBe('assigned');

    store.shipments.put(shipment('shp-3', 'delivered'));
    expect(ids(store.openShipments('acme').list())).toEqual(['shp-4', 'shp-5']);
    store.shipments.put(shipment('shp-6', 'planned', 'south'));
    expect(ids(store.openShipments('acme').list('south'))).toEqual(['shp-6']);
    store.close();
  });

  it('forgets nothing a rolled-back transaction wrote, and sees raw SQL and deletes', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    store.shipments.put(shipment('shp-1', 'ready'));
    store.shipments.put(shipment('shp-2', 'ready'));
    expect(ids(store.openShipments('acme').list())).toEqual(['shp-1', 'shp-2']);
    expect(() => store.transaction(() => {
      store.shipments.put(shipment('shp-1', 'delivered'));
      // Read inside the transaction: what it wrote so far.
      expect(ids(store.openShipments('acme').list())).toEqual(['shp-2']);
      throw new Error('crash');
    })).toThrow('crash');
    expect(ids(store.openShipments('acme').list())).toEqual(['shp-1', 'shp-2']);

    store.db.prepare("UPDATE shipments SET status = 'failed', doc = json_set(doc, '$.status', 'failed') WHERE id = 'shp-2'").run();
    store.db.prepare("DELETE FROM shipments WHERE id = 'shp-1'").run();
    expect(store.openShipments('acme').list()).toEqual([]);
    store.close();
  });

  it('gives the ETA a customer was given, as stored last', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    store.shipments.put(shipment('shp-1', 'assigned'));
    const window = { start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' };
    const eta = (at: string) => ({ tenant: 'acme', shipmentId: 'shp-1', vehicleId: 'v1', eta: at, window, updatedAt: '2026-11-23T08:00:00Z' });
    expect(store.openShipments('acme').etaOf('shp-1')).toBeUndefined();
    store.etas.put(eta('2026-11-23T10:30:00Z'));
    expect(store.openShipments('acme').etaOf('shp-1')).toBe('2026-11-23T10:30:00Z');
    store.etas.put(eta('2026-11-23T11:15:00Z'));
    expect(store.openShipments('acme').etaOf('shp-1')).toBe('2026-11-23T11:15:00Z');
    store.db.prepare("DELETE FROM etas WHERE id = 'shp-1'").run();
    expect(store.openShipments('acme').etaOf('shp-1')).toBeUndefined();
    store.close();
  });

  it('reads again what another connection wrote', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'marshal-open-')), 'marshal.db');
    const store = openStore(file, { clock });
    store.tenants.put(tenant);
    store.shipments.put(shipment('shp-1', 'ready'));
    expect(ids(store.openShipments('acme').list())).toEqual(['shp-1']);
    const other = new Database(file);
    other.prepare("UPDATE shipments SET status = 'tendered', doc = json_set(doc, '$.status', 'tendered') WHERE id = 'shp-1'").run();
    other.close();
    expect(store.openShipments('acme').list()).toEqual([]);
    store.close();
  });
});
