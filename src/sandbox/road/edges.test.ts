/** The road at its edges: one POD per shipment however vehicles meet at a door, plans applied whole or not at all,
 * bad input refused by name, breakdowns around the start, parked vehicles staying parked, and an odometer that adds up. */
import { describe, expect, it } from 'vitest';
import { InputError, type Location, type MarshalEvent, toEpochSeconds } from '../../domain/index.ts';
import { type RoadDisruptionInput, type RoadRoute, RoadSimulator, type TravelModel } from './index.ts';

const DAY = '2026-11-23';
const at = (hhmm: string) => toEpochSeconds(`${DAY}T${hhmm}:00Z`);
const DEPOT = { lat: 52.37, lon: 4.9 };
const OTHER_DEPOT = { lat: 52.47, lon: 4.9 };
const place = (i: number): Location => ({ lat: 52.37 + i * 0.01, lon: 4.9 + i * 0.02 });
const sid = (i: number) => `shp-${i}`;

/** Metres along lat and lon apart (100 km a degree), 10 m/s: a point on a leg splits it exactly, so a cut leg adds up. */
const manhattan: TravelModel = (a, b) => {
  const metres = Math.round((Math.abs(a.lat - b.lat) + Math.abs(a.lon - b.lon)) * 100_000);
  return { metres, seconds: Math.round(metres / 10) };
};

function shipment(i: number, serviceSeconds = 240) {
  return {
    shipmentId: sid(i), orderId: `ord-${i}`, customerId: `cus-${i}`, depotId: 'dc',
    windows: [{ start: `${DAY}T07:00:00Z`, end: `${DAY}T23:00:00Z` }], serviceSeconds, lines: [{ sku: 'sku-1', qty: 1 }],
  };
}

function route(vehicleId: string, ids: readonly number[], departAt = '08:00'): RoadRoute {
  return { vehicleId, departAt: `${DAY}T${departAt}:00Z`, stops: ids.map((i) => ({ shipmentId: sid(i), kind: 'delivery', location: place(i) })) };
}

function road(opts: { vehicles?: number; end?: Location; disruptions?: RoadDisruptionInput[]; service?: number; travel?: TravelModel } = {}) {
  return new RoadSimulator({
    config: { seed: 1, tenant: 'acme', travelNoise: 0, firstAttemptFailure: { default: 0 } },
    start: at('06:00'),
    vehicles: Array.from({ length: opts.vehicles ?? 2 }, (_, v) => ({ id: `veh-${v + 1}`, start: DEPOT, end: opts.end ?? DEPOT, endDepotId: 'dc' })),
    shipments: [1, 2, 3].map((i) => shipment(i, opts.service)),
    disruptions: opts.disruptions ?? [],
    ...(opts.travel ? { travel: opts.travel } : {}),
  });
}

const of = <T extends MarshalEvent['type']>(events: readonly MarshalEvent[], type: T) => events.filter((e): e is Extract<MarshalEvent, { type: T }> => e.type === type);
const inputError = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
};

describe('road simulator edges', () => {
  it('delivers once when a second vehicle reaches the door while the first is still serving', () => {
    const sim = road({ service: 1800 });
    const events = [...sim.setPlan({ routes: [route('veh-1', [1]), route('veh-2', [1], '08:05')] }), ...sim.advanceTo(at('20:00'))];
    const pods = of(events, 'driver.pod.captured');
    expect(pods.map((e) => [e.data.shipmentId, e.data.vehicleId])).toEqual([[sid(1), 'veh-1']]);
  });

  it('applies a plan whole or not at all: a bad second route or a vehicle named twice changes nothing', () => {
    const sim = road();
    const bad = { ...route('veh-2', [2]), stops: [{ shipmentId: 'shp-404', kind: 'delivery' as const, location: place(4) }] };
    expect(inputError(() => sim.setPlan({ routes: [route('veh-1', [1]), bad] }))).toContain("routes.1.stops.0.shipmentId: unknown shipment 'shp-404'");
    expect(inputError(() => sim.setPlan({ routes: [route('veh-1', [1]), route('veh-1', [2])] }))).toContain("routes.1.vehicleId: vehicle 'veh-1' already has routes.0");
    expect(sim.snapshot().map((s) => s.remaining)).toEqual([[], []]);
    expect(sim.advanceTo(at('20:00'))).toEqual([]);
  });

  it('refuses a breakdown that ends before it starts, a time that is not a number, and a vehicle given twice', () => {
    expect(inputError(() => road({ disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-1', at: `${DAY}T10:00:00Z`, until: `${DAY}T09:00:00Z` }] })))
      .toContain('disruptions.0.until: is not after at');
    expect(inputError(() => road().advanceTo(Number.NaN))).toContain('at: must be epoch seconds, got NaN');
    expect(inputError(() => new RoadSimulator({
      config: { seed: 1, tenant: 'acme' }, start: at('06:00'),
      vehicles: [{ id: 'veh-1', start: DEPOT, end: DEPOT, endDepotId: 'dc' }, { id: 'veh-1', start: DEPOT, end: DEPOT, endDepotId: 'dc' }],
    }))).toContain("vehicles.1.id: duplicate 'veh-1'");
  });

  it('drops a breakdown over before the start, and keeps the return time of one that began before it', () => {
    const over = road({ disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-1', at: `${DAY}T04:00:00Z`, until: `${DAY}T05:00:00Z` }] });
    const events = [...over.setRoute(route('veh-1', [1])), ...over.advanceTo(at('20:00'))];
    expect(of(events, 'telematics.vehicle.down')).toEqual([]);
    expect(of(events, 'driver.pod.captured')).toHaveLength(1);
    const ongoing = road({ disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-1', at: `${DAY}T04:00:00Z`, until: `${DAY}T09:00:00Z` }] });
    const later = [...ongoing.setRoute(route('veh-1', [1])), ...ongoing.advanceTo(at('20:00'))];
    expect(of(later, 'telematics.vehicle.down').map((e) => [e.data.at, e.data.expectedBackAt])).toEqual([[`${DAY}T06:00:00Z`, `${DAY}T09:00:00Z`]]);
    expect(of(later, 'driver.pod.captured')[0]!.time >= `${DAY}T09:00:00Z`).toBe(true);
  });

  it('leaves a vehicle with nothing to do parked at its depot after it recovers from a breakdown', () => {
    const sim = road({ end: OTHER_DEPOT, disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-2', at: `${DAY}T09:00:00Z`, until: `${DAY}T10:00:00Z` }] });
    const events = [...sim.setRoute(route('veh-1', [1])), ...sim.advanceTo(at('20:00'))];
    expect(events.filter((e) => e.type === 'telematics.position' && e.data.vehicleId === 'veh-2')).toEqual([]);
    expect(sim.snapshot()[1]).toMatchObject({ vehicleId: 'veh-2', status: 'parked', location: DEPOT });
    expect(sim.odometers().get('veh-2')).toEqual({ metres: 0, secondsOut: 0 });
  });

  it('counts the metres of every leg once, a leg cut by a breakdown included', () => {
    const legs = [DEPOT, place(1), place(2), DEPOT];
    const total = legs.slice(1).reduce((sum, to, i) => sum + manhattan(legs[i]!, to).metres, 0);
    const plain = road({ travel: manhattan });
    plain.setRoute(route('veh-1', [1, 2]));
    plain.advanceTo(at('20:00'));
    expect(plain.odometers().get('veh-1')!.metres).toBe(total);
    // Down a third of the way to stop 1 (its leg is 3,000 m, 300 s from 08:00): 1,000 m so far, then the rest after.
    expect(manhattan(DEPOT, place(1))).toEqual({ metres: 3000, seconds: 300 });
    const cut = road({ travel: manhattan, disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-1', at: `${DAY}T08:01:40Z`, until: `${DAY}T09:00:00Z` }] });
    cut.setRoute(route('veh-1', [1, 2]));
    cut.advanceTo(at('08:30'));
    expect(cut.odometers().get('veh-1')!.metres).toBe(1000);
    cut.advanceTo(at('20:00'));
    expect(cut.odometers().get('veh-1')!.metres).toBe(total);
  });
});
