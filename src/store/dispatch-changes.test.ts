/** The dispatch change token: moves on every write to shipments or ETAs, from any SQL or connection, and on nothing else. */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/index.ts';
import { openStore } from './index.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
const window = { start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' };
const shipment = {
  id: 'shp-1', tenant: 'acme', orderIds: ['o-1'], depotId: 'north', customerId: 'c1', destination: { lat: 52.37, lon: 4.9 }, windows: [window],
  serviceSeconds: 300, load: { weightKg: 1, volumeM3: 0.01, pallets: 0 }, requiredSkills: [], status: 'assigned' as const, vehicleId: 'v1',
};
const eta = { tenant: 'acme', shipmentId: 'shp-1', vehicleId: 'v1', eta: '2026-11-23T10:30:00Z', updatedAt: '2026-11-23T08:00:00Z', window };

describe('dispatch change token', () => {
  it('changes with every write to a shipment or an ETA, raw SQL and other connections included, and with nothing else', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'marshal-changes-')), 'marshal.db');
    const store = openStore(file, { clock });
    store.tenants.put({ id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' });
    const seen = [store.dispatchChanges()];
    const changed = () => {
      const now = store.dispatchChanges();
      const fresh = !seen.includes(now);
      seen.push(now);
      return fresh;
    };
    store.shipments.put(shipment);
    expect(changed()).toBe(true);
    store.etas.put(eta);
    expect(changed()).toBe(true);
    // Reads and other tables leave it as it is.
    store.shipments.get('acme', 'shp-1');
    store.shipmentStates('acme', ['shp-1']);
    store.plans.save({ id: 'p', tenant: 'acme', version: 0, createdAt: '2026-11-23T08:00:00Z', routes: [], unassigned: [] });
    expect(changed()).toBe(false);
    store.db.prepare("UPDATE etas SET eta = '2026-11-23T10:45:00Z' WHERE id = 'shp-1'").run();
    expect(changed()).toBe(true);
    store.db.prepare("DELETE FROM etas WHERE id = 'shp-1'").run();
    expect(changed()).toBe(true);
    const other = new Database(file);
    other.prepare("UPDATE shipments SET status = 'ready' WHERE id = 'shp-1'").run();
    other.close();
    expect(changed()).toBe(true);
    expect(changed()).toBe(false);
    store.close();
  });
});
