/**
 * The static baseline, a spreadsheet's plan: at the first shift start, one plan of the orders known then (their
 * planned ready times as release), solved once by the same optimizer, and what no van can take booked once with the
 * cheapest carrier on its lane; never re-planned, never re-tendered. Orders that arrive later wait for tomorrow's
 * spreadsheet.
 */
import { type Shipment, toEpochSeconds, toIso } from '../../domain/index.ts';
import { buildProblem, dueAfterShifts, openLive, type PlanInputs, toDomainPlan } from '../../agents/live-plan.ts';
import { commitPlan, refusedSince, tenderOnce } from './plan-log.ts';
import type { Planner, PlannerContext } from './strategy.ts';

/** The static plan is made at the earliest shift start of the fleet. */
export function staticPlanner(ctx: PlannerContext): Planner {
  const vehicles = ctx.replay.day.vehicles;
  const at = Math.min(...vehicles.map((v) => toEpochSeconds(v.shift.start)));
  let planned = false;
  const cursor = { seq: 0 };
  return {
    async after(_event, now) {
      if (planned) {
        // The day's one plan changes only when a reviewer refuses an assignment: that stop comes off its van.
        const refused = new Set(refusedSince(ctx.runtime, ctx.tenant, 'static', cursor));
        const current = ctx.runtime.store.plans.current(ctx.tenant);
        if (refused.size === 0 || !current) return;
        const routes = current.routes.map((r) => ({ ...r, stops: r.stops.filter((s) => !refused.has(s.shipmentId)) })).filter((r) => r.stops.length > 0);
        const unassigned = [...current.unassigned.filter((u) => !refused.has(u.shipmentId)), ...[...refused].map((shipmentId) => ({ shipmentId, reasons: ['no_vehicle' as const] }))];
        await commitPlan(ctx.runtime, 'static', { ...current, id: `plan-static-${ctx.seed}-${cursor.seq}`, createdAt: toIso(now), routes, unassigned }, 'a reviewer refused an assignment');
        return;
      }
      if (now < at) return;
      planned = true;
      const known = ctx.replay.orders.filter((o) => toEpochSeconds(o.createdAt) <= now);
      const shipments: Shipment[] = known.map((o) => ({
        id: `shp-${o.id}`, tenant: o.tenant, orderIds: [o.id], depotId: o.depotId, customerId: o.customerId, destination: o.location,
        windows: o.windows, serviceSeconds: o.serviceSeconds, load: o.load, readyAt: o.readyAt, requiredSkills: [], status: 'ready',
      }));
      const later = dueAfterShifts(vehicles);
      const today = shipments.filter((s) => !later(s)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const priorities = Object.fromEntries(known.map((o) => [`shp-${o.id}`, o.priority ?? 50]));
      const inputs: PlanInputs = {
        tenant: ctx.tenant, currency: ctx.replay.day.tenant.currency, now, vehicles, depots: ctx.replay.day.depots,
        shipments: new Map(today.map((s) => [s.id, s])), priorities, promised: new Map(), base: undefined,
      };
      const { problem } = buildProblem(inputs);
      const live = openLive(problem, undefined, now);
      const plan = toDomainPlan(live.solution(), inputs, `plan-static-${ctx.seed}`);
      await commitPlan(ctx.runtime, 'static', { ...plan, createdAt: toIso(now) }, `the day's one plan, made at ${toIso(now).slice(11, 16)} UTC`);
      const zoneOf = new Map(known.map((o) => [`shp-${o.id}`, o.zone]));
      const leftOver = plan.unassigned.map((u) => inputs.shipments.get(u.shipmentId)!).map((s) => ({ shipment: s, zone: zoneOf.get(s.id) }));
      await tenderOnce(ctx.runtime, 'static', leftOver, now, `no van of the day's one plan can take it`);
    },
  };
}
