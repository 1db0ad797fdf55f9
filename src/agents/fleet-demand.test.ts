import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { ManualClock } from '../domain/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, openStore, STORE_MIGRATIONS } from '../store/index.ts';
import { DEMAND_SQL, describeFleetDemand, fleetDemand } from './fleet-demand.ts';

function storeWith(orders: number) {
  const store = openStore(':memory:', { clock: new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000) });
  const day = tinyDay();
  store.tenants.put(day.tenant);
  for (const v of day.vehicles) store.vehicles.put(v);
  for (let i = 1; i <= orders; i++) store.orders.put(tinyOrder(`o-${i}`));
  return store;
}

describe('fleet against demand', () => {
  it('counts the day\'s open orders of the depot against the vehicles that can drive, on the tightest dimension', () => {
    const store = storeWith(6);
    store.orders.put(tinyOrder('o-done', { status: 'delivered' }));
    store.orders.put(tinyOrder('o-tomorrow', { windows: [{ start: '2026-11-24T10:00:00Z', end: '2026-11-24T12:00:00Z' }] }));
    store.orders.put(tinyOrder('o-south', { depotId: 'south' }));
    const f = fleetDemand(store, 'acme', 'north', '2026-11-23');
    expect(f).toMatchObject({ orders: 6, vehicles: 2, demand: { pallets: 6 }, capacity: { pallets: 8, weightKg: 2000 } });
    expect(f.utilisation).toBe(0.75);
    expect(describeFleetDemand(f)).toBe('north on 2026-11-23: 6 open orders need 24 kg, 0.0 m³, 6 pallets; 2 vehicles carry 2000 kg, 20.0 m³, 8 pallets (75 %)');
  });

  it('leaves out the orders a batch checks later, reading only the demand index', () => {
    const store = storeWith(6);
    expect(fleetDemand(store, 'acme', 'north', '2026-11-23', ['o-2', 'o-5', 'o-elsewhere'])).toMatchObject({ orders: 4, demand: { pallets: 4 } });
    // Every new order runs this: a plan that reads each order's row for its id was three times the work.
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${DEMAND_SQL}`).all('acme', 'north', '2026-11-23', 'created', 'released', 'allocated', 'picked', '[]') as { detail: string }[];
    expect(plan.map((p) => p.detail)).toContain('SEARCH orders USING COVERING INDEX orders_demand (tenant=? AND depot_id=? AND due_date=? AND status=?)');
  });

  it('says when the own fleet cannot carry the day, and when no vehicle can drive at all', () => {
    const store = storeWith(9);
    expect(describeFleetDemand(fleetDemand(store, 'acme', 'north', '2026-11-23'))).toMatch(/\(113 %\); over own-fleet capacity: carriers will be needed$/);
    for (const v of tinyDay().vehicles) store.vehicles.put({ ...v, status: 'down' });
    expect(describeFleetDemand(fleetDemand(store, 'acme', 'north', '2026-11-23'))).toMatch(/0 vehicles carry .* \(no vehicle available\); over own-fleet capacity/);
  });

  it('counts the orders a database held before the demand columns existed, once it is opened by this version', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'marshal-m11-')), 'marshal.db');
    const old = openDatabase(file, STORE_MIGRATIONS.slice(0, 10), 'Marshal store');
    const day = tinyDay();
    old.prepare('INSERT INTO tenants (id, doc) VALUES (?, ?)').run('acme', JSON.stringify(day.tenant));
    for (let i = 1; i <= 3; i++) {
      const o = tinyOrder(`o-${i}`);
      old.prepare('INSERT INTO orders (tenant, id, status, sla_tier, depot_id, created_at, doc, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run('acme', o.id, o.status, o.slaTier, o.depotId, o.createdAt, JSON.stringify(o), o.createdAt);
    }
    old.close();
    const store = openStore(file, { clock: new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000) });
    for (const v of day.vehicles) store.vehicles.put(v);
    expect(fleetDemand(store, 'acme', 'north', '2026-11-23')).toMatchObject({ orders: 3, demand: { pallets: 3, weightKg: 12 } });
    store.close();
  });
});
