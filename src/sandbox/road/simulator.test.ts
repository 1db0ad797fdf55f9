/** The road simulator drives plans like a fleet would: deterministic, failing first attempts at the configured rate,
 * stopping a broken-down vehicle, and following a re-plan from where the vehicle is. */
import { describe, expect, it } from 'vitest';
import { correlationKeyOf, type MarshalEvent, parseEvent, toEpochSeconds } from '../../domain/index.ts';
import { defaultTravel, type RoadConfigInput, type RoadDisruptionInput, type RoadRoute, RoadSimulator } from './index.ts';

const DAY = '2026-11-23';
const at = (hhmm: string) => toEpochSeconds(`${DAY}T${hhmm}:00Z`);
const DEPOT = { lat: 52.37, lon: 4.9 };

/** Customer `i` on a ring 2..10 km around the depot. */
function place(i: number) {
  const angle = (i * 137.5 * Math.PI) / 180;
  const km = 2 + (i % 9);
  return { lat: Math.round((DEPOT.lat + (km / 111.32) * Math.cos(angle)) * 1e6) / 1e6, lon: Math.round((DEPOT.lon + (km / 68) * Math.sin(angle)) * 1e6) / 1e6 };
}

const sid = (i: number) => `shp-${String(i).padStart(4, '0')}`;

function shipment(i: number) {
  return {
    shipmentId: sid(i), orderId: `ord-${String(i).padStart(4, '0')}`, customerId: `cus-${i}`, depotId: 'dc',
    windows: [{ start: `${DAY}T07:00:00Z`, end: `${DAY}T23:00:00Z` }], serviceSeconds: 240, lines: [{ sku: 'sku-1', qty: 2 }],
  };
}

function route(vehicleId: string, ids: readonly number[], departAt = '08:00'): RoadRoute {
  return { vehicleId, departAt: `${DAY}T${departAt}:00Z`, stops: ids.map((i) => ({ shipmentId: sid(i), kind: 'delivery', location: place(i) })) };
}

function road(opts: { vehicles?: number; shipments: number; config?: Partial<RoadConfigInput>; disruptions?: RoadDisruptionInput[] }) {
  return new RoadSimulator({
    config: { seed: 42, tenant: 'acme', firstAttemptFailure: { default: 0 }, ...opts.config },
    start: at('06:00'),
    vehicles: Array.from({ length: opts.vehicles ?? 1 }, (_, v) => ({ id: `veh-${v + 1}`, start: DEPOT, end: DEPOT, endDepotId: 'dc' })),
    shipments: Array.from({ length: opts.shipments }, (_, i) => shipment(i + 1)),
    disruptions: opts.disruptions ?? [],
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const of = <T extends MarshalEvent['type']>(events: readonly MarshalEvent[], type: T) => events.filter((e): e is Extract<MarshalEvent, { type: T }> => e.type === type);

/** A day of three vehicles with ten stops each, played in steps of `step` seconds. */
function playDay(seed: number, step: number): MarshalEvent[] {
  const sim = road({ vehicles: 3, shipments: 30, config: { seed, firstAttemptFailure: { default: 0.2 } }, disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-3', at: `${DAY}T09:30:00Z` }] });
  const events = sim.setPlan({ routes: [route('veh-1', range(1, 10)), route('veh-2', range(11, 20)), route('veh-3', range(21, 30))] });
  for (let t = sim.now + step; t < at('20:00'); t += step) events.push(...sim.advanceTo(t));
  events.push(...sim.advanceTo(at('20:00')));
  return events;
}

describe('road simulator', () => {
  it('sends the same events for the same seed however time is stepped, and other events for another seed', () => {
    const once = playDay(7, 14 * 3600);
    expect(playDay(7, 14 * 3600)).toEqual(once);
    expect(playDay(7, 60)).toEqual(once);
    expect(playDay(7, 1234)).toEqual(once);
    expect(playDay(8, 14 * 3600)).not.toEqual(once);
    expect(of(once, 'driver.pod.captured').length).toBeGreaterThan(10);
  });

  it('sends events the runtime accepts as they are: valid CloudEvents with unique ids, in time order', () => {
    const events = playDay(7, 600);
    for (const e of events) {
      expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
      expect(correlationKeyOf(e)).toMatch(/^(order|vehicle):/);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const times = events.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set([
      'telematics.position', 'driver.pod.captured', 'driver.delivery.failed', 'driver.return.initiated', 'telematics.vehicle.down',
    ]));
  });

  it('fails first attempts at about the configured rate, per customer where set, and brings the goods back', () => {
    const n = 2000;
    const sim = road({
      vehicles: 40, shipments: n,
      config: { positionEverySeconds: 0, firstAttemptFailure: { default: 0.2, byCustomer: { 'cus-1': 1, 'cus-2': 0 } } },
    });
    const routes = Array.from({ length: 40 }, (_, v) => route(`veh-${v + 1}`, range(v * 50 + 1, v * 50 + 50), '00:00'));
    const events = [...sim.setPlan({ routes }), ...sim.advanceTo(at('06:00') + 3 * 86_400)];
    const failed = of(events, 'driver.delivery.failed');
    const pods = of(events, 'driver.pod.captured');
    expect(failed.length + pods.length).toBe(n);
    expect(failed.length / n).toBeGreaterThan(0.17);
    expect(failed.length / n).toBeLessThan(0.23);
    expect(failed.some((e) => e.data.shipmentId === sid(1))).toBe(true);
    expect(pods.some((e) => e.data.shipmentId === sid(2))).toBe(true);
    // Every failed delivery rides back to the depot and is handed in there.
    const returns = of(events, 'driver.return.initiated');
    expect(returns.map((e) => e.data.shipmentId).sort()).toEqual(failed.map((e) => e.data.shipmentId).sort());
    for (const r of returns) expect(r.data).toMatchObject({ depotId: 'dc', lines: [{ sku: 'sku-1', qty: 2 }] });
  });

  it('fails the first attempt of an order the disruptions name, and a second attempt is delivered', () => {
    const sim = road({ shipments: 3, disruptions: [{ kind: 'failed_attempt', orderId: 'ord-0002', reasonCode: 'closed' }] });
    const events = sim.setRoute(route('veh-1', [1, 2, 3]));
    events.push(...sim.advanceTo(at('12:00')));
    const failed = of(events, 'driver.delivery.failed');
    expect(failed.map((e) => [e.data.orderId, e.data.reasonCode])).toEqual([['ord-0002', 'closed']]);
    events.push(...sim.setRoute(route('veh-1', [2], '12:00')), ...sim.advanceTo(at('18:00')));
    expect(of(events, 'driver.pod.captured').map((e) => e.data.shipmentId)).toEqual([sid(1), sid(3), sid(2)]);
  });

  it('stops a vehicle that breaks down: no POD after it, its remaining stops left undone, until it is back', () => {
    const down = `${DAY}T10:00:00Z`;
    const sim = road({ vehicles: 2, shipments: 20, disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-1', at: down, reason: 'breakdown' }] });
    const events = [...sim.setPlan({ routes: [route('veh-1', range(1, 10)), route('veh-2', range(11, 20))] }), ...sim.advanceTo(at('22:00'))];
    const downs = of(events, 'telematics.vehicle.down');
    expect(downs).toHaveLength(1);
    expect(downs[0]!.data).toMatchObject({ vehicleId: 'veh-1', at: down, reason: 'breakdown' });
    const byVeh1 = events.filter((e) => 'vehicleId' in e.data && e.data.vehicleId === 'veh-1');
    const pods1 = of(byVeh1, 'driver.pod.captured');
    expect(pods1.length).toBeGreaterThan(0);
    expect(pods1.length).toBeLessThan(10);
    for (const e of byVeh1) if (e.type !== 'telematics.vehicle.down') expect(e.time < down).toBe(true);
    expect(of(events, 'driver.pod.captured').filter((e) => e.data.vehicleId === 'veh-2')).toHaveLength(10);
    const veh1 = sim.snapshot().find((s) => s.vehicleId === 'veh-1')!;
    expect(veh1.status).toBe('down');
    expect(veh1.remaining).toEqual(range(pods1.length + 1, 10).map(sid));

    // Back at 14:00, the same vehicle finishes its stops.
    const back = road({ shipments: 10, disruptions: [{ kind: 'vehicle_down', vehicleId: 'veh-1', at: down, until: `${DAY}T14:00:00Z` }] });
    const later = [...back.setRoute(route('veh-1', range(1, 10))), ...back.advanceTo(at('22:00'))];
    const after = of(later, 'driver.pod.captured').filter((e) => e.time >= `${DAY}T14:00:00Z`);
    expect(after.length).toBe(10 - of(later, 'driver.pod.captured').filter((e) => e.time < down).length);
    expect(of(later, 'telematics.vehicle.down')[0]!.data.expectedBackAt).toBe(`${DAY}T14:00:00Z`);
  });

  it('follows a re-plan mid-route: the new order of stops, dropped stops left to another vehicle', () => {
    const sim = road({ vehicles: 2, shipments: 8 });
    const events = sim.setRoute(route('veh-1', range(1, 6)));
    // Run until two stops are delivered, then re-plan: 5 before 4, drop 3 and 6 (to veh-2), add 7.
    while (of(events, 'driver.pod.captured').length < 2) events.push(...sim.advanceTo(sim.now + 60));
    expect(of(events, 'driver.pod.captured').map((e) => e.data.shipmentId)).toEqual([sid(1), sid(2)]);
    const replanAt = sim.now;
    events.push(...sim.setRoute(route('veh-1', [5, 4, 7])), ...sim.setRoute(route('veh-2', [3, 6], '06:00')));
    events.push(...sim.advanceTo(at('22:00')));
    const pods = of(events, 'driver.pod.captured');
    expect(pods.filter((e) => e.data.vehicleId === 'veh-1').map((e) => e.data.shipmentId)).toEqual([sid(1), sid(2), sid(5), sid(4), sid(7)]);
    expect(pods.filter((e) => e.data.vehicleId === 'veh-2').map((e) => e.data.shipmentId)).toEqual([sid(3), sid(6)]);
    // After the re-plan veh-1 heads for stop 5: each position report is no farther from it than the one before.
    const dist = (l: { lat: number; lon: number }) => Math.hypot(l.lat - place(5).lat, (l.lon - place(5).lon) * 0.61);
    const firstPod5 = pods.find((e) => e.data.shipmentId === sid(5))!.time;
    const leg = of(events, 'telematics.position').filter((e) => e.data.vehicleId === 'veh-1' && toEpochSeconds(e.time) > replanAt && e.time < firstPod5);
    expect(leg.length).toBeGreaterThan(1);
    leg.slice(1).forEach((e, i) => expect(dist(e.data.location)).toBeLessThanOrEqual(dist(leg[i]!.data.location) + 1e-9));
    expect(sim.snapshot().map((s) => [s.vehicleId, s.status, s.remaining])).toEqual([['veh-1', 'parked', []], ['veh-2', 'parked', []]]);
  });

  it('drives home before a next trip given on the way back, and leaves the depot no earlier than that trip says', () => {
    const sim = road({ vehicles: 1, shipments: 3 });
    const events = sim.setRoute(route('veh-1', [1]));
    while (of(events, 'driver.pod.captured').length < 1) events.push(...sim.advanceTo(sim.now + 60));
    events.push(...sim.advanceTo(sim.now + 120));
    expect(sim.snapshot()[0]).toMatchObject({ status: 'driving', remaining: [] });
    const nextTrip = route('veh-1', [2, 3], '11:00');
    events.push(...sim.setRoute(nextTrip), ...sim.advanceTo(at('20:00')));
    const positions = of(events, 'telematics.position').filter((e) => e.data.vehicleId === 'veh-1');
    const home = positions.find((e) => e.data.location.lat === DEPOT.lat && e.data.location.lon === DEPOT.lon && e.time > of(events, 'driver.pod.captured')[0]!.time);
    const pod2 = of(events, 'driver.pod.captured').find((e) => e.data.shipmentId === sid(2))!;
    // Back at the depot first (a position report there), then out again no earlier than 11:00.
    expect(home).toBeDefined();
    expect(home!.time < pod2.time).toBe(true);
    const between = positions.filter((e) => e.time > home!.time && e.time < pod2.time);
    expect(between.every((e) => toEpochSeconds(e.time) >= at('11:00') || (e.data.location.lat === DEPOT.lat && e.data.location.lon === DEPOT.lon))).toBe(true);
    expect(of(events, 'driver.pod.captured').map((e) => e.data.shipmentId)).toEqual([sid(1), sid(2), sid(3)]);
  });

  it('delivers a shipment that two routes hold only once, by whichever vehicle gets there first', () => {
    const sim = road({ vehicles: 2, shipments: 3 });
    const events = [...sim.setPlan({ routes: [route('veh-1', [1, 2]), route('veh-2', [2, 3], '09:00')] }), ...sim.advanceTo(at('20:00'))];
    const pods = of(events, 'driver.pod.captured');
    expect(pods.map((e) => e.data.shipmentId).sort()).toEqual([sid(1), sid(2), sid(3)]);
    expect(pods.find((e) => e.data.shipmentId === sid(2))!.data.vehicleId).toBe('veh-1');
  });

  it('turns away from a stop whose window has not opened when a re-plan drops it', () => {
    const sim = road({ vehicles: 1, shipments: 3 });
    sim.addShipments([{ ...shipment(1), windows: [{ start: `${DAY}T15:00:00Z`, end: `${DAY}T16:00:00Z` }] }]);
    const events = sim.setRoute(route('veh-1', [1, 2]));
    while (sim.snapshot()[0]!.location.lat !== place(1).lat) events.push(...sim.advanceTo(sim.now + 60));
    expect(sim.snapshot()[0]).toMatchObject({ status: 'at_stop', remaining: [sid(1), sid(2)] });
    events.push(...sim.setRoute(route('veh-1', [3, 2])), ...sim.advanceTo(at('14:00')));
    expect(of(events, 'driver.pod.captured').map((e) => e.data.shipmentId)).toEqual([sid(3), sid(2)]);
  });

  it('drives benchmark instances on their plane: one unit is a kilometre, a minute at 60 km/h', () => {
    expect(defaultTravel({ lat: 52, lon: 4.5, x: 0, y: 0 }, { lat: 52.1, lon: 4.6, x: 3, y: 4 })).toEqual({ metres: 5000, seconds: 300 });
    const roadKm = defaultTravel({ lat: 52, lon: 4.5 }, { lat: 52, lon: 4.6 });
    expect(roadKm.metres).toBeGreaterThan(6800 * 1.3 - 100);
    expect(roadKm.seconds).toBe(Math.round(roadKm.metres / (50_000 / 3600)));
  });
});

