/** Demand against own-fleet capacity for one depot's day: can our vans carry what is ordered, or will carriers be needed. */
import { addLoad, EMPTY_LOAD, type Load, type OrderStatus } from '../domain/index.ts';
import { statement, type Store } from '../store/index.ts';

/** Orders still to be carried; delivered, failed and cancelled ones no longer need a van. */
const TO_CARRY: ReadonlySet<OrderStatus> = new Set(['created', 'released', 'allocated', 'picked']);
const ON_THE_ROAD = new Set(['available', 'in_service']);

export interface FleetDemand {
  depotId: string;
  date: string;
  orders: number;
  demand: Load;
  capacity: Load;
  vehicles: number;
  /** The tightest dimension's demand over capacity; above 1 the own fleet cannot carry the day; null when no vehicle can. */
  utilisation: number | null;
}

/**
 * The day's open orders of a depot (tenant, depot, date, the open statuses, then the ids to leave out as JSON), summed
 * from the orders' demand columns by their index alone (ids included): this runs on every new order.
 */
export const DEMAND_SQL = `
    SELECT COUNT(*) AS orders, TOTAL(weight_kg) AS weightKg, TOTAL(volume_m3) AS volumeM3, TOTAL(pallets) AS pallets
    FROM orders WHERE tenant = ? AND depot_id = ? AND due_date = ? AND status IN (${[...TO_CARRY].map(() => '?').join(', ')})
    AND id NOT IN (SELECT value FROM json_each(?))`;

/**
 * The day's open orders of `depotId` (by their first window's date) against the depot's vehicles that can drive.
 * Orders in `notYet` are left out: recorded already, but checked later in the same batch.
 */
export function fleetDemand(store: Store, tenant: string, depotId: string, date: string, notYet: readonly string[] = []): FleetDemand {
  const row = statement(store.db, DEMAND_SQL).get(tenant, depotId, date, ...TO_CARRY, JSON.stringify(notYet)) as Load & { orders: number };
  const { orders, ...demand } = row;
  const fleet = store.vehicles.list(tenant, { where: { depot_id: depotId }, limit: 1000 }).items.filter((v) => ON_THE_ROAD.has(v.status));
  const capacity = fleet.reduce((sum, v) => addLoad(sum, v.capacity), EMPTY_LOAD);
  const ratio = (d: number, c: number) => (d === 0 ? 0 : c === 0 ? Number.POSITIVE_INFINITY : d / c);
  const tightest = Math.max(ratio(demand.weightKg, capacity.weightKg), ratio(demand.volumeM3, capacity.volumeM3), ratio(demand.pallets, capacity.pallets));
  // Null rather than Infinity: the figure goes into the decision log, and JSON has no Infinity.
  const utilisation = Number.isFinite(tightest) ? tightest : null;
  return { depotId, date, orders, demand, capacity, vehicles: fleet.length, utilisation };
}

/** The comparison as a person reads it, for an explanation's constraints. */
export function describeFleetDemand(f: FleetDemand): string {
  const pct = f.utilisation === null ? 'no vehicle available' : `${Math.round(f.utilisation * 100)} %`;
  const load = (l: Load) => `${Math.round(l.weightKg)} kg, ${l.volumeM3.toFixed(1)} m³, ${Math.round(l.pallets)} pallets`;
  const verdict = overCapacity(f) ? '; over own-fleet capacity: carriers will be needed' : '';
  return `${f.depotId} on ${f.date}: ${f.orders} open orders need ${load(f.demand)}; ${f.vehicles} vehicles carry ${load(f.capacity)} (${pct})${verdict}`;
}

/** True when the own fleet cannot carry the day's demand. */
export function overCapacity(f: FleetDemand): boolean {
  return f.utilisation === null || f.utilisation > 1;
}
