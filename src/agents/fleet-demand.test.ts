import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { ManualClock } from '../domain/index.ts';
import { openStore } from '../store/index.ts';
import { describeFleetDemand, fleetDemand } from './fleet-demand.ts';

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

  it('says when the own fleet cannot carry the day, and when no vehicle can drive at all', () => {
    const store = storeWith(9);
    expect(describeFleetDemand(fleetDemand(store, 'acme', 'north', '2026-11-23'))).toMatch(/\(113 %\); over own-fleet capacity: carriers will be needed$/);
    for (const v of tinyDay().vehicles) store.vehicles.put({ ...v, status: 'down' });
    expect(describeFleetDemand(fleetDemand(store, 'acme', 'north', '2026-11-23'))).toMatch(/0 vehicles carry .* \(no vehicle available\); over own-fleet capacity/);
  });
});
