/**
 * Where shipments stand (status, van, ETA). Agents and the plan executor compare a whole plan against the dispatch
 * state at every pick: the comparisons over a whole plan read the in-memory open-shipment view; a lookup of a few
 * shipments in any status reads the indexed columns beside their documents, no document parsed.
 */
import { type ShipmentStatus, toEpochSeconds } from '../domain/index.ts';
import type { OpenView } from './open-shipments.ts';
import type { Db } from './sqlite.ts';

/** A shipment's status, its van and its ETA (ISO-8601), as stored. */
export interface ShipmentState {
  status: ShipmentStatus;
  vehicleId: string | null;
  eta: string | null;
}

/** Reads the state of a tenant's shipments by id; an unknown id is absent from the map. */
export function shipmentStates(db: Db) {
  // CROSS JOIN keeps the ids as the outer loop: a plain join let SQLite scan every shipment of the tenant once per id.
  const query = db.prepare(`
    SELECT s.id AS id, s.status AS status, s.vehicle_id AS vehicleId, e.eta AS eta
    FROM json_each(?) AS j
    CROSS JOIN shipments AS s ON s.tenant = ? AND s.id = j.value
    LEFT JOIN etas AS e ON e.tenant = s.tenant AND e.id = s.id`);
  return (tenant: string, ids: Iterable<string>): Map<string, ShipmentState> => {
    const rows = query.all(JSON.stringify([...ids]), tenant) as (ShipmentState & { id: string })[];
    return new Map(rows.map(({ id, ...state }) => [id, state]));
  };
}

/** Where a plan puts a shipment: its van and its ETA (ISO-8601). */
export interface PlannedStop {
  shipmentId: string;
  vehicleId: string;
  eta: string;
}

/**
 * Of these planned stops, the shipments assigned to the plan's van whose stored ETA is another (or none): the ones a
 * plan would retime, in the order given. Every executed assignment checks the whole plan, most of it already as
 * stored: the open-shipment view, kept in memory, answers it (an assigned shipment is open) without sending the
 * plan's thousands of stops to SQLite, which was 2.5 % of a mid-morning replay's profile.
 */
export function staleEtas(openView: (tenant: string) => OpenView) {
  return (tenant: string, stops: Iterable<PlannedStop>): string[] => {
    const view = openView(tenant);
    const stale: string[] = [];
    for (const stop of stops) {
      const s = view.get(stop.shipmentId);
      if (s?.status === 'assigned' && s.vehicleId === stop.vehicleId && view.etaOf(stop.shipmentId) !== stop.eta) stale.push(stop.shipmentId);
    }
    return stale;
  };
}

/**
 * Of the shipments a plan version left unassigned (`waiting`) and the stops it planned (`planned`: shipment id and
 * ETA, as `placements` gives them), which have moved since as a customer would notice: `placed` are waiting ones now
 * on a van; `moved` are planned ones still open whose van is gone or whose stored ETA is `seconds` or more away from
 * the planned one. Each in the order given. Customer compares a whole plan version at every assignment: the
 * open-shipment view, kept in memory, answers it without a query (sending the plan's thousands of stops to SQLite was
 * 0.6 % of a whole-day replay's profile).
 */
export function movedSince(openView: (tenant: string) => OpenView) {
  return (tenant: string, waiting: readonly string[], planned: Iterable<readonly [shipmentId: string, { eta: string }]>, seconds: number): { placed: string[]; moved: string[] } => {
    const view = openView(tenant);
    const placed = waiting.filter((id) => view.get(id)?.status === 'assigned');
    const moved: string[] = [];
    for (const [shipmentId, { eta: plannedEta }] of planned) {
      const status = view.get(shipmentId)?.status;
      if (status !== 'assigned' && status !== 'ready') continue;
      const eta = status === 'assigned' ? view.etaOf(shipmentId) : undefined;
      // Most stops keep their ETA to the letter: no timestamps to read for those.
      if (eta === plannedEta && seconds > 0) continue;
      if (eta === undefined || Math.abs(toEpochSeconds(eta) - toEpochSeconds(plannedEta)) >= seconds) moved.push(shipmentId);
    }
    return { placed, moved };
  };
}
