/** The fleet of a generated day (vans, rigids, reefers and their drivers) and the carriers it can hand work to. */
import type { Carrier, Depot, Driver, Lane, Rng, Vehicle } from '../../domain/index.ts';
import type { SandboxBehaviour } from '../scenario.ts';
import { type Day, hm, windowAt } from './calendar.ts';
import { between, pad, round, weighted } from './draw.ts';
import { FAMILY_NAMES, GIVEN_NAMES } from './geo.ts';
import { TENANT } from './master.ts';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

const VEHICLE_KINDS = {
  van: { capacity: { weightKg: 1000, volumeM3: 10, pallets: 2 }, fixed: 6000, perKm: 35, perHour: 2800, speed: 1, maxStops: 40, licence: 'B' },
  rigid: { capacity: { weightKg: 7500, volumeM3: 40, pallets: 16 }, fixed: 12_000, perKm: 65, perHour: 3400, speed: 1.15, maxStops: 25, licence: 'C' },
  reefer: { capacity: { weightKg: 6000, volumeM3: 30, pallets: 12 }, fixed: 14_000, perKm: 75, perHour: 3600, speed: 1.15, maxStops: 25, licence: 'C' },
} as const;

/** EU 561/2006: 4.5 h driving, then a 45 min break; 9 h driving a day. */
const EU_561 = { maxContinuousDrivingSeconds: 16_200, breakSeconds: 2700, maxDailyDrivingSeconds: 32_400 };

/** Vehicles spread over the depots (every third a rigid, at least one reefer per two depots), each with a driver. */
export function fleetOf(rng: Rng, day: Day, depots: readonly Depot[], count: number): { vehicles: Vehicle[]; drivers: Driver[] } {
  const vehicles: Vehicle[] = [];
  const drivers: Driver[] = [];
  for (let i = 0; i < count; i++) {
    const depot = depots[i % depots.length]!;
    // Every seventh vehicle is a reefer; a fleet of two or three still gets one, its last.
    const reefer = i % 7 === 3 || (count < 4 && count > 1 && i === count - 1);
    const kind = reefer ? 'reefer' : weighted(rng, [['van', 60], ['rigid', 40]] as const);
    const spec = VEHICLE_KINDS[kind];
    const late = rng.chance(0.3);
    const shift = windowAt(day, hm(late ? 10 : 6), hm(late ? 20 : 16));
    const skills = [...(kind === 'reefer' ? ['reefer'] : []), ...(kind !== 'van' && rng.chance(0.5) ? ['tail_lift'] : [])];
    const id = `veh-${pad(i + 1, 3)}`;
    const driverId = `drv-${pad(i + 1, 3)}`;
    vehicles.push({
      id, tenant: TENANT.id, depotId: depot.id, name: `${depot.name.replace('DC ', '')} ${kind} ${pad(i + 1, 2)}`, kind, capacity: spec.capacity,
      skills, shift, maxRouteSeconds: 10 * 3600, maxStops: spec.maxStops, fixedCost: eur(spec.fixed), costPerKm: eur(spec.perKm),
      costPerHour: eur(spec.perHour), speedFactor: spec.speed, status: 'available', driverId,
    });
    drivers.push({
      id: driverId, tenant: TENANT.id, name: `${rng.pick(GIVEN_NAMES)} ${rng.pick(FAMILY_NAMES)}`, licence: spec.licence,
      skills: [...skills.filter((s) => s === 'reefer'), ...(rng.chance(0.2) ? ['adr'] : [])], shift, rules: EU_561,
      phone: `+31 6 ${pad(rng.int(0, 99_999_999), 8)}`,
    });
  }
  return { vehicles, drivers };
}

const CARRIERS = [
  { id: 'car-snelpost', name: 'Snelpost Parcel', mode: 'parcel', base: 450, perKg: 35, perKm: 0, min: 550, maxKg: 31.5, capacity: 400, onTime: 0.92, transit: 20 * 3600, lanes: 1 },
  { id: 'car-koerier', name: 'Koerier Direct', mode: 'courier', base: 1800, perKg: 20, perKm: 110, min: 2500, maxKg: 300, capacity: 60, onTime: 0.97, transit: 3 * 3600, lanes: 0.9 },
  { id: 'car-vandijk', name: 'Van Dijk Transport', mode: 'ltl', base: 3500, perKg: 9, perKm: 60, min: 4500, maxKg: 8000, capacity: 80, onTime: 0.89, transit: 8 * 3600, lanes: 0.7 },
  { id: 'car-budget', name: 'Budget Freight', mode: 'ltl', base: 2200, perKg: 6, perKm: 45, min: 3000, maxKg: 8000, capacity: 120, onTime: 0.78, transit: 10 * 3600, lanes: 0.8 },
  { id: 'car-noordzee', name: 'Noordzee Logistics', mode: 'ftl', base: 15_000, perKg: 0, perKm: 140, min: 18_000, maxKg: 24_000, capacity: 20, onTime: 0.94, transit: 6 * 3600, lanes: 0.6 },
] as const;

/** Three to five carriers with lanes from the depots to the zones served, rate cards, capacity and on-time records. */
export function carriersOf(rng: Rng, depots: readonly Depot[], zonesByDepot: ReadonlyMap<string, readonly string[]>): { carriers: Carrier[]; behaviour: SandboxBehaviour['carriers'] } {
  const picked = CARRIERS.slice(0, 3 + rng.int(0, 2));
  const carriers = picked.map((t): Carrier => {
    const id = t.id;
    const lanes: Lane[] = [];
    for (const depot of depots) {
      for (const zone of zonesByDepot.get(depot.id) ?? []) {
        // Every carrier serves its first lane, so no carrier is left without one.
        if (lanes.length > 0 && !rng.chance(t.lanes)) continue;
        lanes.push({
          id: `${id}-${depot.id}-${zone.toLowerCase()}`, originDepotId: depot.id, destinationZone: zone, transitSeconds: t.transit,
          rate: { baseMinor: t.base, perKgMinor: t.perKg, perKmMinor: t.perKm, minChargeMinor: t.min },
        });
      }
    }
    const delivered = rng.int(300, 3000);
    return {
      id, tenant: TENANT.id, name: t.name, mode: t.mode, currency: 'EUR', fuelSurchargePct: round(between(rng, 4, 12), 1), lanes,
      dailyCapacity: t.capacity, maxWeightKg: t.maxKg, record: { delivered, onTime: Math.round(delivered * (t.onTime + between(rng, -0.02, 0.02))) },
    };
  });
  const behaviour = carriers.map((c) => ({ carrierId: c.id, acceptRate: round(between(rng, 0.6, 0.95), 2), invoiceDiscrepancyRate: round(between(rng, 0.05, 0.2), 2) }));
  return { carriers, behaviour };
}
