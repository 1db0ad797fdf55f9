/** Handlers for moving goods: route assignment, carrier tenders, dock doors, load sequences, returns, carrier scores. */
import { z } from 'zod';
import { Eta, type Plan, ShipmentStatus } from '../../domain/index.ts';
import type { ExecContext, Handler } from './handler.ts';

/**
 * Assignment lives in Marshal's own dispatch state: the shipment gets its van and the customer an ETA. Stops the
 * insertion moved to another van move with it; other assigned stops only take the latest plan's ETA on their van.
 */
export const routeAssign: Handler<'route.assign'> = {
  async execute({ shipmentId, vehicleId, planVersion, eta }, ctx) {
    const current = ctx.store.plans.current(ctx.tenant);
    let latest: string | undefined;
    for (const r of current?.routes ?? []) {
      latest = r.vehicleId === vehicleId ? r.stops.find((st) => st.shipmentId === shipmentId)?.eta : undefined;
      if (latest !== undefined) break;
    }
    const moves = new Map<string, Target | undefined>(movedBy(ctx, planVersion).map((id) => [id, undefined]));
    moves.set(shipmentId, { shipmentId, vehicleId, eta: latest ?? eta });
    return { previous: applyPlan(ctx, current, moves) };
  },
  async compensate({ shipmentId, planVersion }, result, ctx) {
    restore(ctx, result.previous);
    return { planVersion: unplan(ctx, planVersion, [shipmentId]) };
  },
};

/** A re-plan is already in the stored plan version; executing it moves its shipments (and their ETAs) to match. */
export const routeReplan: Handler<'route.replan'> = {
  async execute({ shipmentIds, planVersion }, ctx) {
    // A newer plan builds on this one, so it carries the re-plan's moves and is the one to apply.
    const current = ctx.store.plans.current(ctx.tenant);
    const plan = current && current.version >= planVersion ? current : ctx.store.plans.version(ctx.tenant, planVersion);
    if (!plan) return { applied: false, previous: [] };
    return { applied: true, previous: applyPlan(ctx, plan, new Map(shipmentIds.map((id) => [id, undefined]))) };
  },
  async compensate({ shipmentIds, planVersion }, result, ctx) {
    restore(ctx, result.previous);
    return { planVersion: unplan(ctx, planVersion, shipmentIds) };
  },
};

/** Where a plan puts each shipment: a van and an ETA, or none (unassigned). */
interface Target {
  shipmentId: string;
  vehicleId: string | null;
  eta: string | null;
}

/** What a shipment looked like before an assignment changed it, for the compensation. */
const Previous = z.array(z.object({ shipmentId: z.string(), vehicleId: z.string().nullable(), status: ShipmentStatus, eta: Eta.nullable() }));
type Previous = z.infer<typeof Previous>;

function targetsOf(plan: Plan | undefined): Target[] {
  if (!plan) return [];
  return [
    ...plan.routes.flatMap((r) => r.stops.map((s) => ({ shipmentId: s.shipmentId, vehicleId: r.vehicleId, eta: s.eta }))),
    ...plan.unassigned.map((u) => ({ shipmentId: u.shipmentId, vehicleId: null, eta: null })),
  ];
}

/**
 * Shipments a plan version moved from one van to another (or off its van) against the version before it: the repair
 * that came with the version's insertion. One it took off the waiting list onto a van is another decision's to apply.
 */
function movedBy(ctx: ExecContext, version: number): readonly string[] {
  const own = ctx.store.plans.version(ctx.tenant, version);
  const known = own && movedIn.get(own);
  if (known) return known;
  const before = targetMap(ctx.store.plans.version(ctx.tenant, version - 1));
  const moved = targetsOf(own).filter((x) => {
    const was = before.get(x.shipmentId)?.vehicleId;
    return was !== undefined && was !== null && was !== x.vehicleId;
  }).map((x) => x.shipmentId);
  if (own && Object.isFrozen(own)) movedIn.set(own, moved);
  return moved;
}

/**
 * What `movedBy` found for each stored plan version, by the version's (frozen) object: a wave's assignments share one
 * version, and stored versions never change.
 */
const movedIn = new WeakMap<Plan, readonly string[]>();

/** Where a plan puts each shipment, by shipment (as `targetsOf`, the last entry winning), once per frozen plan object. */
function targetMap(plan: Plan | undefined): ReadonlyMap<string, Target> {
  if (!plan) return new Map();
  if (!Object.isFrozen(plan)) return new Map(targetsOf(plan).map((x) => [x.shipmentId, x]));
  let map = targetMaps.get(plan);
  if (!map) targetMaps.set(plan, (map = new Map(targetsOf(plan).map((x) => [x.shipmentId, x]))));
  return map;
}
const targetMaps = new WeakMap<Plan, ReadonlyMap<string, Target>>();

const dropEta = (ctx: ExecContext, shipmentId: string) => ctx.store.db.prepare('DELETE FROM etas WHERE tenant = ? AND id = ?').run(ctx.tenant, shipmentId);

/** The plan version a store last applied, and the dispatch state's change token right after. */
const applied = new WeakMap<object, { tenant: string; version: number; changes: string }>();

/**
 * Applies a plan to the dispatch state. Shipments in `moves` take the plan's van (or the target given), or lose their van
 * when the plan leaves them unassigned. Every other assigned shipment only takes the plan's ETA, and only on its own van:
 * a move that waits for review (or was rejected) in some plan version is never applied by another action.
 */
function applyPlan(ctx: ExecContext, plan: Plan | undefined, moves: ReadonlyMap<string, Target | undefined>): Previous {
  const previous: Previous = [];
  const planned = targetMap(plan);
  const states = ctx.store.shipmentStates(ctx.tenant, moves.keys());
  const moving = [...moves.keys()].filter((id) => {
    const s = states.get(id);
    const t = moves.get(id) ?? planned.get(id);
    if (!s || !t || (s.status !== 'assigned' && s.status !== 'ready' && s.status !== 'planned')) return false;
    return !(t.vehicleId !== null && s.status === 'assigned' && s.vehicleId === t.vehicleId && s.eta === t.eta);
  });
  // Only a stop on a van can be retimed, and most of a plan is as the dispatch state has it: SQLite finds the rest.
  // Once a plan is applied no stop of it is left to retime, until a shipment or an ETA is written: the assignments of
  // one wave apply the same plan one after another, and each would look through all of it again.
  const last = applied.get(ctx.store);
  const settled = plan !== undefined && last?.tenant === ctx.tenant && last.version === plan.version && last.changes === ctx.store.dispatchChanges();
  const onVans = settled ? [] : (plan?.routes ?? []).flatMap((r) => r.stops.filter((st) => !moves.has(st.shipmentId)).map((st) => ({ shipmentId: st.shipmentId, vehicleId: r.vehicleId, eta: st.eta })));
  const changing = [...moving, ...(onVans.length > 0 ? ctx.store.staleEtas(ctx.tenant, onVans) : [])];
  ctx.store.transaction(() => {
    for (const id of changing) {
      const s = ctx.store.shipments.get(ctx.tenant, id);
      const t = moves.get(id) ?? planned.get(id);
      if (!s || !t) continue;
      const eta = ctx.store.etas.get(ctx.tenant, s.id) ?? null;
      previous.push({ shipmentId: s.id, vehicleId: s.vehicleId ?? null, status: s.status, eta });
      const { vehicleId: _old, ...rest } = s;
      if (t.vehicleId === null || t.eta === null) {
        ctx.store.shipments.put({ ...rest, status: 'ready' });
        dropEta(ctx, s.id);
        continue;
      }
      const at = Date.parse(t.eta);
      const window = s.windows.find((w) => Date.parse(w.start) <= at && at <= Date.parse(w.end)) ?? s.windows[0]!;
      ctx.store.shipments.put({ ...rest, vehicleId: t.vehicleId, status: 'assigned' });
      ctx.store.etas.put({ tenant: ctx.tenant, shipmentId: s.id, vehicleId: t.vehicleId, eta: t.eta, window, updatedAt: ctx.now });
    }
  });
  if (plan) applied.set(ctx.store, { tenant: ctx.tenant, version: plan.version, changes: ctx.store.dispatchChanges() });
  return previous;
}

/** Puts shipments back as they were before an assignment, ETAs included (none where there was none). */
function restore(ctx: ExecContext, recorded: unknown): void {
  const previous = Previous.parse(recorded ?? []);
  ctx.store.transaction(() => {
    for (const p of [...previous].reverse()) {
      const s = ctx.store.shipments.get(ctx.tenant, p.shipmentId);
      if (!s) continue;
      const { vehicleId: _now, ...rest } = s;
      ctx.store.shipments.put({ ...rest, ...(p.vehicleId ? { vehicleId: p.vehicleId } : {}), status: p.status });
      if (p.eta) ctx.store.etas.put(p.eta);
      else dropEta(ctx, p.shipmentId);
    }
  });
}

/**
 * The plan after an override: the version before the overridden one when nothing was planned since; otherwise the
 * current plan with the overridden shipments taken off their vans, so the next plan does not count on them.
 */
function unplan(ctx: ExecContext, planVersion: number, shipmentIds: readonly string[]): number | null {
  const current = ctx.store.plans.current(ctx.tenant);
  if (!current) return null;
  const earlier = current.version === planVersion ? ctx.store.plans.version(ctx.tenant, planVersion - 1) : undefined;
  const off = new Set(shipmentIds);
  const routes = earlier ? earlier.routes : current.routes.map((r) => ({ ...r, stops: r.stops.filter((s) => !off.has(s.shipmentId)) })).filter((r) => r.stops.length > 0);
  const unassigned = earlier ? earlier.unassigned : [
    ...current.unassigned.filter((u) => !off.has(u.shipmentId)),
    ...shipmentIds.filter((id) => current.routes.some((r) => r.stops.some((s) => s.shipmentId === id))).map((shipmentId) => ({ shipmentId, reasons: ['no_vehicle' as const] })),
  ];
  return ctx.store.plans.save({ id: `${current.id}-undo`.slice(0, 128), tenant: ctx.tenant, version: 0, createdAt: ctx.now, routes, unassigned }).version;
}

/** A tender the carrier accepts takes the shipment off Marshal's own plan: it is marked tendered to that carrier. */
export const carrierTender: Handler<'carrier.tender'> = {
  async execute(p, ctx) {
    const tender = await ctx.ports.carrier.tender({ tenant: ctx.tenant, ...p, idempotencyKey: ctx.key });
    const shipment = ctx.store.shipments.get(ctx.tenant, p.shipmentId);
    const before = shipment ? { previousStatus: shipment.status, previousCarrierId: shipment.carrierId ?? null } : {};
    if (shipment && tender.status === 'accepted') ctx.store.shipments.put({ ...shipment, status: 'tendered', carrierId: p.carrierId });
    return { tenderId: tender.id, status: tender.status, ...(tender.reason ? { reason: tender.reason } : {}), ...before };
  },
  async compensate(p, result, ctx) {
    if (result.status !== 'accepted' || typeof result.tenderId !== 'string') return { cancelled: false };
    await ctx.ports.carrier.cancelTender({ tenant: ctx.tenant, tenderId: result.tenderId, reason: 'override: untendered by a dispatcher' });
    const shipment = ctx.store.shipments.get(ctx.tenant, p.shipmentId);
    const status = ShipmentStatus.safeParse(result.previousStatus);
    if (shipment && status.success) {
      const { carrierId: _carrier, ...rest } = shipment;
      const carrierId = typeof result.previousCarrierId === 'string' ? { carrierId: result.previousCarrierId } : {};
      ctx.store.shipments.put({ ...rest, ...carrierId, status: status.data });
    }
    return { cancelled: true };
  },
};

export const dockAssign: Handler<'dock.assign'> = {
  async execute({ depotId, vehicleId, door, slot, shipmentIds, bookingId }, ctx) {
    const where = { tenant: ctx.tenant, depotId, slot, shipmentIds, idempotencyKey: ctx.key, ...(door ? { door } : {}) };
    const booking = bookingId ? await ctx.ports.wms.amendDock({ ...where, bookingId }) : await ctx.ports.wms.bookDock({ ...where, vehicleId });
    return { bookingId: booking.id, door: booking.door };
  },
};

/** The load sequence is advice to the hub, kept with the shipments in Marshal's dispatch state. */
export const loadSequence: Handler<'load.sequence'> = {
  async execute({ shipmentIds }, ctx) {
    return { sequenced: shipmentIds.length, at: ctx.now };
  },
};

/** The WMS learns that goods are on their way back, so the dock expects them; restocking them closes it. */
export const returnExpect: Handler<'return.expect'> = {
  async execute({ orderId, shipmentId, depotId, lines, reason, expectedAt }, ctx) {
    const r = await ctx.ports.wms.expectReturn({ tenant: ctx.tenant, orderId, depotId, lines, reason, expectedAt, idempotencyKey: ctx.key, ...(shipmentId ? { shipmentId } : {}) });
    return { expectedReturnId: r.id };
  },
};

export const returnRestock: Handler<'return.restock'> = {
  async execute({ orderId, depotId, lines, condition }, ctx) {
    const r = await ctx.ports.wms.restockReturn({ tenant: ctx.tenant, orderId, depotId, lines, condition, idempotencyKey: ctx.key });
    return { restocked: r.restocked.length };
  },
};

/** Carrier scores are Marshal's own knowledge, kept in its store and read when choosing a carrier. */
export const carrierScore: Handler<'carrier.score'> = {
  async execute({ carrierId, onTime, exceptionCode }, ctx) {
    const score = ctx.store.carrierScores.record(ctx.tenant, carrierId, { onTime, exceptionCode });
    return { delivered: score.delivered, onTime: score.onTime };
  },
};
