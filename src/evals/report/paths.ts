/** Where each vehicle went in a run (depot, the stops it attempted in order, its end depot), for the route map. */
import type { Location } from '../../domain/index.ts';
import type { ReplayDay } from '../replay/day.ts';
import type { RunRecord } from '../replay/record.ts';

export interface VehiclePath {
  vehicleId: string;
  points: { location: Location; kind: 'depot' | 'delivered' | 'failed' }[];
}

/** Paths of the vehicles that attempted at least one stop, by vehicle id. */
export function pathsOf(replay: ReplayDay, record: RunRecord): VehiclePath[] {
  const where = new Map(replay.orders.map((o) => [o.id, o.location]));
  const depots = new Map(replay.day.depots.map((d) => [d.id, d.location]));
  const stops = new Map<string, VehiclePath['points']>();
  for (const e of record.outcomes) {
    if (e.type !== 'driver.pod.captured' && e.type !== 'driver.delivery.failed') continue;
    const vehicleId = e.data.vehicleId;
    const location = where.get(e.data.orderId);
    if (!vehicleId || !location) continue;
    const list = stops.get(vehicleId) ?? [];
    list.push({ location, kind: e.type === 'driver.pod.captured' ? 'delivered' : 'failed' });
    stops.set(vehicleId, list);
  }
  return replay.day.vehicles.filter((v) => stops.has(v.id)).map((v) => ({
    vehicleId: v.id,
    points: [
      { location: depots.get(v.depotId)!, kind: 'depot' as const }, ...stops.get(v.id)!, { location: depots.get(v.endDepotId ?? v.depotId)!, kind: 'depot' as const },
    ],
  }));
}
