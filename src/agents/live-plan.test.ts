import { describe, expect, it } from 'vitest';
import { ManualClock, type Plan, type Route, type Shipment } from '../domain/index.ts';
import { openStore } from '../store/index.ts';
import { type PlanInputs, withOtherDepots } from './live-plan.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const location = { lat: 52.37, lon: 4.9 };

function shipment(id: string, depotId: string, status: Shipment['status']): Shipment {
  return {
    id, tenant: 'acme', orderIds: [id.replace(/^shp-/, '')], depotId, customerId: 'c1', destination: location,
    windows: [{ start: at('10:00'), end: at('12:00') }], serviceSeconds: 300, load: { weightKg: 1, volumeM3: 0.01, pallets: 0 },
    requiredSkills: [], status,
  };
}

function route(vehicleId: string, shipmentIds: string[], departAt: string): Route {
  return {
    vehicleId, departAt, returnAt: at('13:00'), distanceM: 1000, durationS: 600, cost: { amountMinor: 100, currency: 'EUR' },
    stops: shipmentIds.map((shipmentId) => ({
      shipmentId, kind: 'delivery' as const, location, arrivalAt: at('10:00'), serviceStartAt: at('10:00'), departureAt: at('10:05'), eta: at('10:00'), status: 'planned' as const,
    })),
  };
}

const plan = (routes: Route[], unassigned: string[]): Plan => ({
  id: 'p', tenant: 'acme', version: 1, createdAt: at('08:00'), routes, unassigned: unassigned.map((shipmentId) => ({ shipmentId, reasons: ['capacity'] })),
});

describe('a plan made over one depot', () => {
  it("keeps the other depots' routes and waiting shipments as they were, less what is no longer open", () => {
    const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
    store.tenants.put({ id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' });
    for (const [id, depot, status] of [
      ['shp-n1', 'north', 'assigned'], ['shp-n2', 'north', 'ready'], ['shp-s1', 'south', 'assigned'], ['shp-s2', 'south', 'delivered'],
      ['shp-s3', 'south', 'assigned'], ['shp-s4', 'south', 'ready'], ['shp-s5', 'south', 'tendered'],
    ] as const) store.shipments.put(shipment(id, depot, status));
    // The stored plan: north's van v1, south's vans s-van1 (one stop delivered since) and s-van2; two waiting.
    const base = plan([route('s-van1', ['shp-s1', 'shp-s2'], at('09:00')), route('s-van2', ['shp-s3'], at('09:30')), route('v1', ['shp-n1'], at('09:40'))], ['shp-s4', 'shp-s5']);
    const inputs = { tenant: 'acme', depotId: 'north', base, vehicles: [{ id: 'v1' }, { id: 'v2' }], shipments: new Map([['shp-n1', {}], ['shp-n2', {}]]) } as unknown as PlanInputs;
    // North re-planned: n1 and the new n2 on v2, nothing waiting at north.
    const merged = withOtherDepots(store, plan([route('v2', ['shp-n1', 'shp-n2'], at('09:45'))], []), inputs);
    expect(merged.routes.map((r) => [r.vehicleId, r.stops.map((s) => s.shipmentId), r.departAt])).toEqual([
      ['s-van1', ['shp-s1'], at('09:00')], ['s-van2', ['shp-s3'], at('09:30')], ['v2', ['shp-n1', 'shp-n2'], at('09:45')],
    ]);
    // s5 went to a carrier: no longer waiting; s4 still is.
    expect(merged.unassigned.map((u) => u.shipmentId)).toEqual(['shp-s4']);
  });

  it('is the plan itself when the inputs were the whole tenant', () => {
    const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
    const own = plan([route('v1', ['shp-n1'], at('09:00'))], []);
    const inputs = { tenant: 'acme', base: plan([route('s-van1', ['shp-s1'], at('09:00'))], []), vehicles: [], shipments: new Map() } as unknown as PlanInputs;
    expect(withOtherDepots(store, own, inputs)).toBe(own);
  });
});
