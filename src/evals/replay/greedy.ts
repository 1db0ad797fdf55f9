/**
 * The greedy baseline: when a pick completes, the shipment goes to the end of the route of the nearest van of its
 * depot (nearest to the van's last stop, or its depot) that has not left yet and still makes every window, its shift
 * and its capacity with it. A van leaves 20 minutes (loading) after its last assignment. No re-planning, no tenders.
 */
import { type Location, type Plan, type Route, type Shipment, toEpochSeconds, toIso, type Vehicle } from '../../domain/index.ts';
import { dueAfterShifts, LOADING_SECONDS } from '../../agents/live-plan.ts';
import { commitPlan, refusedSince } from './plan-log.ts';
import { replayTravel } from './travel.ts';
import type { Planner, PlannerContext } from './strategy.ts';

interface Trip {
  departAt: number;
  stops: Shipment[];
}

/** When each stop of a trip is served, when the van is back and how far it drove; undefined when a window or the shift is missed. */
export function timeTrip(vehicle: Vehicle, start: Location, end: Location, trip: Trip): { serviceStarts: number[]; arrivals: number[]; backAt: number; metres: number } | undefined {
  let at = trip.departAt;
  let here = start;
  let metres = 0;
  const serviceStarts: number[] = [];
  const arrivals: number[] = [];
  for (const s of trip.stops) {
    const leg = replayTravel(here, s.destination);
    at += Math.round(leg.seconds * vehicle.speedFactor);
    metres += leg.metres;
    const window = s.windows.map((w) => [toEpochSeconds(w.start), toEpochSeconds(w.end)] as const).sort((a, b) => a[0] - b[0]).find(([, e]) => e >= at);
    if (!window) return undefined;
    arrivals.push(at);
    at = Math.max(at, window[0]);
    serviceStarts.push(at);
    at += s.serviceSeconds;
    here = s.destination;
  }
  const home = replayTravel(here, end);
  const backAt = at + Math.round(home.seconds * vehicle.speedFactor);
  if (backAt > toEpochSeconds(vehicle.shift.end)) return undefined;
  return { serviceStarts, arrivals, backAt, metres: metres + home.metres };
}

const fits = (v: Vehicle, stops: readonly Shipment[]) => {
  const sum = (f: (s: Shipment) => number) => stops.reduce((n, s) => n + f(s), 0);
  return sum((s) => s.load.weightKg) <= v.capacity.weightKg && sum((s) => s.load.volumeM3) <= v.capacity.volumeM3
    && sum((s) => s.load.pallets) <= v.capacity.pallets && (v.maxStops === undefined || stops.length <= v.maxStops);
};

/** Greedy assignment after each pick; its plan is stored and logged through the gate like any plan. */
export function greedyPlanner(ctx: PlannerContext): Planner {
  const day = ctx.replay.day;
  const depotOf = new Map(day.depots.map((d) => [d.id, d.location]));
  const trips = new Map<string, Trip>();
  const unassigned: Plan['unassigned'] = [];
  const ends = (v: Vehicle) => ({ start: depotOf.get(v.depotId)!, end: depotOf.get(v.endDepotId ?? v.depotId)! });

  function routeOf(v: Vehicle, trip: Trip): Route {
    const { start, end } = ends(v);
    // A stored route keeps its times even when its van can no longer make them (it left late): the plan says so.
    const t = timeTrip(v, start, end, trip) ?? timeTrip({ ...v, shift: { ...v.shift, end: toIso(4_102_444_800) } }, start, end, trip);
    const backAt = t?.backAt ?? trip.departAt;
    const hours = (backAt - trip.departAt) / 3600;
    const cost = v.fixedCost.amountMinor + Math.round(((t?.metres ?? 0) / 1000) * v.costPerKm.amountMinor + hours * v.costPerHour.amountMinor);
    return {
      vehicleId: v.id, departAt: toIso(trip.departAt), returnAt: toIso(backAt), distanceM: t?.metres ?? 0, durationS: backAt - trip.departAt,
      cost: { amountMinor: cost, currency: v.fixedCost.currency },
      stops: trip.stops.map((s, i) => {
        const serve = t?.serviceStarts[i] ?? trip.departAt;
        return {
          shipmentId: s.id, kind: 'delivery', location: s.destination, arrivalAt: toIso(t?.arrivals[i] ?? serve), serviceStartAt: toIso(serve),
          departureAt: toIso(serve + s.serviceSeconds), eta: toIso(serve), status: 'planned',
        };
      }),
    };
  }

  const cursor = { seq: 0 };
  const commit = (now: number, id: string, why: string) => {
    const routes = day.vehicles.filter((v) => trips.has(v.id)).map((v) => routeOf(vehicleNow(v), trips.get(v.id)!));
    const plan = { id: `plan-greedy-${ctx.seed}-${id}`.slice(0, 128), tenant: ctx.tenant, createdAt: toIso(now), routes, unassigned: [...unassigned] };
    return commitPlan(ctx.runtime, 'greedy', plan, why);
  };
  const vehicleNow = (v: Vehicle) => ctx.runtime.store.vehicles.get(ctx.tenant, v.id) ?? v;

  /** Takes assignments a reviewer refused off their vans; true when any was. */
  function dropRefused(): boolean {
    const refused = new Set(refusedSince(ctx.runtime, ctx.tenant, 'greedy', cursor));
    if (refused.size === 0) return false;
    for (const [id, trip] of trips) {
      const kept = trip.stops.filter((s) => !refused.has(s.id));
      if (kept.length === trip.stops.length) continue;
      if (kept.length === 0) trips.delete(id);
      else trips.set(id, { ...trip, stops: kept });
    }
    for (const id of refused) if (!unassigned.some((u) => u.shipmentId === id)) unassigned.push({ shipmentId: id, reasons: ['no_vehicle'] });
    return true;
  }

  return {
    async after(event, now) {
      if (dropRefused()) await commit(now, `refused-${cursor.seq}`, 'a reviewer refused an assignment');
      if (event?.type !== 'wms.pick.completed') return;
      const shipment = ctx.runtime.store.shipments.get(ctx.tenant, event.data.shipmentId);
      const vehicles = day.vehicles.map(vehicleNow);
      if (!shipment || dueAfterShifts(vehicles)(shipment)) return;
      let best: { v: Vehicle; trip: Trip; distance: number } | undefined;
      for (const v of vehicles) {
        if (v.depotId !== shipment.depotId || v.status === 'down') continue;
        const current = trips.get(v.id);
        if (current && current.departAt <= now) continue;
        const stops = [...(current?.stops ?? []), shipment];
        const trip = { departAt: Math.max(toEpochSeconds(v.shift.start), now + LOADING_SECONDS), stops };
        if (!fits(v, stops)) continue;
        const { start, end } = ends(v);
        if (!timeTrip(v, start, end, trip)) continue;
        const from = current?.stops.at(-1)?.destination ?? start;
        const distance = replayTravel(from, shipment.destination).metres;
        if (!best || distance < best.distance || (distance === best.distance && v.id < best.v.id)) best = { v, trip, distance };
      }
      if (!best) unassigned.push({ shipmentId: shipment.id, reasons: ['no_vehicle'] });
      else trips.set(best.v.id, best.trip);
      await commit(now, event.id, best ? `nearest feasible van, ${Math.round(best.distance / 100) / 10} km from its last stop` : 'no van can take it');
    },
  };
}
