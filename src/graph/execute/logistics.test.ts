/** Applying a plan to the dispatch state: the assigned shipment takes its van, the plan's other stops their ETAs. */
import { describe, expect, it } from 'vitest';
import { openTinySandbox } from '../../../test/fixtures/tiny-sandbox.ts';
import { ManualClock, type RouteStop } from '../../domain/index.ts';
import { openStore } from '../../store/index.ts';
import type { ExecContext } from './handler.ts';
import { routeAssign } from './logistics.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
const at = (hm: string) => `2026-11-23T${hm}:00Z`;
const window = { start: at('10:00'), end: at('12:00') };

async function setup() {
  const sandbox = await openTinySandbox();
  const store = openStore(':memory:', { clock });
  store.tenants.put({ id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' });
  const shipment = (id: string, status: 'assigned' | 'ready') => store.shipments.put({
    id, tenant: 'acme', orderIds: [`o-${id}`], depotId: 'north', customerId: 'c1', destination: { lat: 52.37, lon: 4.9 }, windows: [window],
    serviceSeconds: 300, load: { weightKg: 1, volumeM3: 0.01, pallets: 0 }, requiredSkills: [], status, ...(status === 'assigned' ? { vehicleId: 'v1' } : {}),
  });
  shipment('shp-1', 'assigned');
  shipment('shp-2', 'ready');
  shipment('shp-3', 'ready');
  store.etas.put({ tenant: 'acme', shipmentId: 'shp-1', vehicleId: 'v1', eta: at('10:30'), updatedAt: at('08:00'), window });
  const stop = (shipmentId: string, hm: string): RouteStop => ({
    shipmentId, kind: 'delivery', location: { lat: 52.37, lon: 4.9 }, arrivalAt: at(hm), serviceStartAt: at(hm), departureAt: at(hm), eta: at(hm), status: 'planned',
  });
  // The plan moves shp-1 to 10:45 and puts shp-2 and shp-3 on the same van after it.
  const plan = store.plans.save({
    id: 'p', tenant: 'acme', version: 0, createdAt: at('08:00'), unassigned: [],
    routes: [{ vehicleId: 'v1', departAt: at('09:30'), returnAt: at('12:30'), stops: [stop('shp-1', '10:45'), stop('shp-2', '11:00'), stop('shp-3', '11:15')], distanceM: 1000, durationS: 600, cost: { amountMinor: 100, currency: 'EUR' } }],
  });
  let n = 0;
  const ctx = (): ExecContext => ({ tenant: 'acme', ports: sandbox.ports, store, key: `k-${++n}`, now: at('08:00') });
  const assign = (shipmentId: string, eta: string) => routeAssign.execute({ shipmentId, vehicleId: 'v1', planVersion: plan.version, eta }, ctx());
  const etaOf = (id: string) => store.etas.get('acme', id)?.eta;
  return { store, assign, etaOf };
}

describe('route.assign', () => {
  it('assigns the shipment and retimes the plan\'s other stops on their van', async () => {
    const { store, assign, etaOf } = await setup();
    await assign('shp-2', at('11:00'));
    expect(store.shipments.require('acme', 'shp-2')).toMatchObject({ status: 'assigned', vehicleId: 'v1' });
    expect([etaOf('shp-1'), etaOf('shp-2'), etaOf('shp-3')]).toEqual([at('10:45'), at('11:00'), undefined]);
  });

  it('applying the same plan again retimes a stop whose ETA was written in between, by any means', async () => {
    const { store, assign, etaOf } = await setup();
    await assign('shp-2', at('11:00'));
    // An override's compensation (or any other writer) puts the old ETA back between two assignments of one plan.
    store.etas.put({ ...store.etas.require('acme', 'shp-1'), eta: at('10:30') });
    await assign('shp-3', at('11:15'));
    expect([etaOf('shp-1'), etaOf('shp-2'), etaOf('shp-3')]).toEqual([at('10:45'), at('11:00'), at('11:15')]);
    // Raw SQL too: the stored column is what the next application compares.
    store.db.prepare(`UPDATE etas SET eta = ? WHERE tenant = 'acme' AND id = 'shp-2'`).run(at('10:50'));
    await assign('shp-3', at('11:15'));
    expect(store.shipmentStates('acme', ['shp-2']).get('shp-2')?.eta).toBe(at('11:00'));
  });
});
