/** The depots and fleet tables: where vehicles start and end, and each vehicle's capacity, shift and costs. */
import { z } from 'zod';
import type { Depot, Vehicle } from '../../domain/index.ts';
import { Clock, count, Currency, defined, epochOf, Id, int, lat, list, lon, num, oneOf, text, Timestamp } from './fields.ts';
import { specOf } from './spec.ts';

/** One row of `depots.csv` / `depots.jsonl`. */
export const DepotRow = z
  .object({
    id: Id,
    tenant: Id,
    name: text().optional(),
    lat: lat(),
    lon: lon(),
    /** Planar coordinates in km, as on orders: both or neither. */
    x: num().optional(),
    y: num().optional(),
    address: text().optional(),
    opens_at: Clock,
    closes_at: Clock,
    dock_doors: int((n) => n.positive('a depot needs at least one dock door')).optional(),
  })
  .superRefine((r, ctx) => {
    if (Clock.safeParse(r.opens_at).success && Clock.safeParse(r.closes_at).success && r.closes_at <= r.opens_at) ctx.addIssue({ code: 'custom', path: ['closes_at'], message: `is not after opens_at ${r.opens_at}` });
    if ((r.x === undefined) !== (r.y === undefined)) ctx.addIssue({ code: 'custom', path: [r.x === undefined ? 'x' : 'y'], message: 'x and y come together' });
  });
export type DepotRow = z.infer<typeof DepotRow>;
/** The depots table's columns, required and optional. */
export const DEPOTS = specOf('depots', DepotRow);

/** The depot a valid row describes; a depot without a name is called by its id, one dock door by default. */
export function depotFromRow(r: DepotRow): Depot {
  return {
    id: r.id, tenant: r.tenant, name: r.name ?? r.id, location: defined({ lat: r.lat, lon: r.lon, x: r.x, y: r.y, address: r.address }),
    opensAt: r.opens_at, closesAt: r.closes_at, dockDoors: r.dock_doors ?? 1,
  };
}

/** The CSV/JSONL row of a depot: what `depotFromRow` reads back. */
export function depotToRow(d: Depot): Record<string, string | number | undefined> {
  return {
    id: d.id, tenant: d.tenant, name: d.name, lat: d.location.lat, lon: d.location.lon, x: d.location.x, y: d.location.y,
    address: d.location.address, opens_at: d.opensAt, closes_at: d.closesAt, dock_doors: d.dockDoors,
  };
}

/** One row of `fleet.csv` / `fleet.jsonl`: a vehicle. */
export const VehicleRow = z
  .object({
    id: Id,
    tenant: Id,
    depot_id: Id,
    end_depot_id: Id.optional(),
    name: text().optional(),
    kind: oneOf(['van', 'rigid', 'reefer', 'tractor']),
    capacity_kg: num((n) => n.nonnegative('must not be negative')),
    capacity_m3: num((n) => n.nonnegative('must not be negative')),
    capacity_pallets: num((n) => n.nonnegative('must not be negative')),
    skills: list(z.string().min(1)).optional(),
    shift_start: Timestamp,
    shift_end: Timestamp,
    max_route_s: count().optional(),
    max_distance_m: count().optional(),
    max_stops: int((n) => n.positive('must be at least 1')).optional(),
    fixed_cost_minor: count(),
    cost_per_km_minor: count(),
    cost_per_hour_minor: count(),
    currency: Currency,
    /** Travel-time multiplier: 1.2 is a truck 20% slower than the road network's speed. */
    speed_factor: num((n) => n.positive('must be more than zero')).optional(),
    driver_id: Id.optional(),
  })
  .superRefine((r, ctx) => {
    const start = epochOf(r.shift_start);
    const end = epochOf(r.shift_end);
    if (start !== undefined && end !== undefined && end < start) ctx.addIssue({ code: 'custom', path: ['shift_end'], message: `is before shift_start ${r.shift_start}` });
  });
export type VehicleRow = z.infer<typeof VehicleRow>;
/** The fleet table's columns, required and optional. */
export const FLEET = specOf('fleet', VehicleRow);

/** The vehicle a valid row describes, available at the start of the day. */
export function vehicleFromRow(r: VehicleRow): Vehicle {
  const m = (amountMinor: number) => ({ amountMinor, currency: r.currency });
  return {
    id: r.id, tenant: r.tenant, depotId: r.depot_id, name: r.name ?? r.id, kind: r.kind,
    capacity: { weightKg: r.capacity_kg, volumeM3: r.capacity_m3, pallets: r.capacity_pallets }, skills: r.skills ?? [],
    shift: { start: r.shift_start, end: r.shift_end },
    ...defined({ endDepotId: r.end_depot_id, maxRouteSeconds: r.max_route_s, maxDistanceM: r.max_distance_m, maxStops: r.max_stops, driverId: r.driver_id }),
    fixedCost: m(r.fixed_cost_minor), costPerKm: m(r.cost_per_km_minor), costPerHour: m(r.cost_per_hour_minor),
    speedFactor: r.speed_factor ?? 1, status: 'available',
  };
}

/** The CSV/JSONL row of a vehicle: what `vehicleFromRow` reads back. */
export function vehicleToRow(v: Vehicle): Record<string, string | number | undefined> {
  return {
    id: v.id, tenant: v.tenant, depot_id: v.depotId, end_depot_id: v.endDepotId, name: v.name, kind: v.kind,
    capacity_kg: v.capacity.weightKg, capacity_m3: v.capacity.volumeM3, capacity_pallets: v.capacity.pallets, skills: v.skills.join(';'),
    shift_start: v.shift.start, shift_end: v.shift.end, max_route_s: v.maxRouteSeconds, max_distance_m: v.maxDistanceM, max_stops: v.maxStops,
    fixed_cost_minor: v.fixedCost.amountMinor, cost_per_km_minor: v.costPerKm.amountMinor, cost_per_hour_minor: v.costPerHour.amountMinor,
    currency: v.fixedCost.currency, speed_factor: v.speedFactor, driver_id: v.driverId,
  };
}
