/** Marshal's live plan for the Dispatch agent: the stored plan version as an optimizer LivePlan, and back again. */
import { createHash } from 'node:crypto';
import type { Ports } from '../connectors/index.ts';
import {
  deepFreeze, type Depot, type MarshalEvent, MINUTE, opensAt, type Plan, type Route, sameJson, type Shipment, toEpochSeconds, toIso,
  type UnassignedReason, type Vehicle,
} from '../domain/index.ts';
import { type JobInput, LivePlan, type MatrixMemory, problemFromDomain, type ProblemInput, type Solution, toDomainReason } from '../optimizer/index.ts';
import { listAll, OPEN_STATUSES, type Store } from '../store/index.ts';

/**
 * Time at the dock between the pick completing and the van being loaded. The shipment is ready at pick
 * completion; the van cannot leave before its goods are on board, so the optimizer's release adds this.
 */
export const LOADING_SECONDS = 20 * MINUTE;
/** How much later than the ETA a customer was given a new insertion may push their stop; only a re-plan moves it further. */
export const PROMISE_SLACK_SECONDS = 30 * MINUTE;
/** True when the plan still decides about a shipment in this status. */
export const isOpen = (status: Shipment['status']): boolean => OPEN_STATUSES.includes(status);
/** One seed for every plan: the same stored plan and event give the same new plan. */
export const PLAN_SEED = 'marshal-dispatch';
/** Search budget when no plan is stored yet and the open shipments are planned from scratch. */
const FRESH_ITERATIONS = 300;

/** What a plan is computed from: the tenant's fleet, depots, open shipments and the stored plan. */
export interface PlanInputs {
  tenant: string;
  currency: string;
  now: number;
  vehicles: Vehicle[];
  depots: Depot[];
  /** Open shipments due while today's fleet is on shift, by id. */
  shipments: Map<string, Shipment>;
  priorities: Record<string, number>;
  /** The ETA (epoch seconds) each assigned shipment's customer was given. */
  promised: Map<string, number>;
  base: Plan | undefined;
  /** A vehicle that just went down: kept in the problem so the optimizer can end its route where it stopped. */
  down?: string;
  /** The one depot whose vans and shipments these are, when scoped (a pick); the whole tenant otherwise. */
  depotId?: string;
}

/**
 * A test for another day's shipments: true when every window of the shipment opens after the last shift of its
 * depot's vehicles ends. Each depot's last shift end is worked out once, not once per shipment.
 */
export function dueAfterShifts(vehicles: readonly Vehicle[]): (s: Shipment) => boolean {
  const lastEnd = lastShiftEnds(vehicles);
  return (s) => {
    const end = lastEnd.get(s.depotId);
    return end !== undefined && firstOpening(s) >= end;
  };
}

/** When each shipment's earliest window opens, by the stored (frozen) object: every pick wave asks it of every open shipment. */
const openings = new WeakMap<Shipment, number>();
const firstOpening = (s: Shipment): number => {
  let at = openings.get(s);
  if (at === undefined) openings.set(s, (at = opensAt(s)));
  return at;
};

/** When the last shift of each depot's vehicles ends (epoch seconds). */
function lastShiftEnds(vehicles: readonly Vehicle[]): Map<string, number> {
  const lastEnd = new Map<string, number>();
  for (const v of vehicles) lastEnd.set(v.depotId, Math.max(lastEnd.get(v.depotId) ?? -Infinity, toEpochSeconds(v.shift.end)));
  return lastEnd;
}

/** A stable plan id per event, so a node that runs again after a crash finds the plan it saved. */
export function planIdFor(event: MarshalEvent): string {
  return `plan-${createHash('sha256').update(`${event.tenant}|${event.source}|${event.id}`).digest('hex').slice(0, 20)}`;
}

/** The stored plan to build on: the current one, or the one before it when the current one is this event's own. */
export function basePlan(store: Store, tenant: string, planId: string): { base: Plan | undefined; own: Plan | undefined } {
  const current = store.plans.current(tenant);
  if (!current || current.id !== planId) return { base: current, own: undefined };
  return { base: current.version > 1 ? store.plans.version(tenant, current.version - 1) : undefined, own: current };
}

/**
 * Reads fleet, depots, open shipments and priorities for a tenant; with `depotId`, only that depot's vans and
 * shipments (a shipment goes only on a van of its depot, so a pick needs no other depot's).
 */
export async function loadInputs(store: Store, ports: Ports, tenant: string, now: number, base: Plan | undefined, scope: { down?: string; depotId?: string } = {}): Promise<PlanInputs> {
  const { down, depotId } = scope;
  const currency = store.tenants.require(tenant).currency;
  const vehicles = listAll(store.vehicles, tenant, depotId ? { depot_id: depotId } : undefined);
  const depotIds = [...new Set(vehicles.flatMap((v) => [v.depotId, v.endDepotId ?? v.depotId]))].sort();
  const depots = await Promise.all(depotIds.map((id) => ports.wms.getDepot({ tenant, depotId: id })));
  const later = dueAfterShifts(vehicles);
  const view = store.openShipments(tenant);
  const open = view.list(depotId).filter((s) => !later(s));
  const shipments = new Map(open.map((s) => [s.id, s]));
  const priority = store.orderPriorities(tenant);
  const priorities: Record<string, number> = {};
  for (const s of shipments.values()) {
    let top = 0;
    for (const o of s.orderIds) top = Math.max(top, priority.get(o) ?? 0);
    priorities[s.id] = top;
  }
  const promised = new Map<string, number>();
  for (const s of open) {
    const eta = s.status === 'assigned' ? view.etaOf(s.id) : undefined;
    if (eta !== undefined) promised.set(s.id, toEpochSeconds(eta));
  }
  return { tenant, currency, now, vehicles, depots, shipments, priorities, promised, base, ...(down ? { down } : {}), ...(depotId ? { depotId } : {}) };
}

/**
 * A plan made over one depot (`inputs.depotId`) completed with the other depots' routes and unassigned shipments of
 * `base`, as they were less what is no longer open (delivered, failed, tendered): those depots' own events re-plan
 * them. The whole tenant's plan when the inputs were not scoped.
 */
export function withOtherDepots(store: Store, plan: Plan, inputs: PlanInputs): Plan {
  if (!inputs.depotId || !inputs.base) return plan;
  const scoped = new Set(inputs.vehicles.map((v) => v.id));
  const open = store.openShipments(inputs.tenant);
  const here = inputs.depotId;
  const elsewhere = (id: string) => {
    const depot = open.depotOf(id);
    return depot !== undefined && depot !== here;
  };
  // A route with every stop still open is carried over as the very object: the store need not validate it again.
  const others = inputs.base.routes.filter((r) => !scoped.has(r.vehicleId))
    .map((r) => (r.stops.every((st) => elsewhere(st.shipmentId)) ? r : { ...r, stops: r.stops.filter((st) => elsewhere(st.shipmentId)) }))
    .filter((r) => r.stops.length > 0);
  const unassigned = inputs.base.unassigned.filter((u) => elsewhere(u.shipmentId));
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    ...plan,
    routes: [...plan.routes, ...others].sort((a, b) => byId(a.vehicleId, b.vehicleId)),
    unassigned: [...plan.unassigned, ...unassigned].sort((a, b) => byId(a.shipmentId, b.shipmentId)),
  };
}

/** Vehicle of each shipment on a route of `plan`. */
export function vehicleOf(plan: Plan | undefined): Map<string, string> {
  return new Map((plan?.routes ?? []).flatMap((r) => r.stops.map((s) => [s.shipmentId, r.vehicleId] as const)));
}

/**
 * Vans whose planned route has left the depot by `now`: `out` still have a stop in `open` and are on the road; `back`
 * have none left (delivered, failed) and are on their way back, free for another trip once at the depot, at the time
 * their route last planned (epoch seconds).
 */
export function leftDepot(plan: Plan | undefined, now: number, open: ReadonlyMap<string, unknown>): { out: Set<string>; back: Map<string, number> } {
  const out = new Set<string>();
  const back = new Map<string, number>();
  for (const r of plan?.routes ?? []) {
    if (r.stops.length === 0 || toEpochSeconds(r.departAt) > now) continue;
    if (r.stops.some((st) => open.has(st.shipmentId))) out.add(r.vehicleId);
    else back.set(r.vehicleId, toEpochSeconds(r.returnAt));
  }
  return { out, back };
}

export interface BuildOptions {
  /** Shipments left out of the problem (to be inserted one by one). */
  exclude?: ReadonlySet<string>;
  /** On a van that went down: reloaded onto another van before they can leave. */
  stranded?: ReadonlySet<string>;
  /** Keep every ETA a customer was given: a stop may move at most PROMISE_SLACK_SECONDS later than promised. */
  holdPromises?: boolean;
}

/**
 * The jobs of the last problem built for each tenant and depot. A job the same as last time is handed out again as the
 * same frozen object, which the optimizer parsed then and takes as it is: a depot's problem has about a thousand jobs
 * and an event changes a few, and parsing them all at every pick wave was a twentieth of a busy replay's time.
 */
const lastJobs = new Map<string, Map<string, LastJob>>();
/**
 * A job as last built, with what it was built from: the stored shipment (the very frozen object, as the store hands out
 * an unchanged one), its priority, its vans (the very frozen list), its release and the ETA it is held to. When all of
 * these are the same the job is too, and is not built again.
 */
interface LastJob {
  from: Shipment;
  priority: number;
  allowed: readonly string[];
  release: number | undefined;
  promise: number | undefined;
  job: JobInput;
}
/** Each depot's vans and those of them still at the depot, as last built for each tenant and depot. */
const lastVans = new Map<string, Map<string, { all: string[]; atDepot: string[] }>>();
/** The one-van list of each van, the same frozen array every time: goods aboard a van that has left may go only on it. */
const onlyVans = new Map<string, readonly string[]>();
const onlyVan = (id: string): readonly string[] => {
  let list = onlyVans.get(id);
  if (!list) onlyVans.set(id, (list = Object.freeze([id])));
  return list;
};
/** Last time's object when it is the same as the new one (as JSON), else the new one. */
const same = <T>(old: T | undefined, fresh: T): T => (old !== undefined && sameJson(old, fresh) ? old : fresh);

/**
 * The optimizer problem over the open shipments (less `exclude`), and the job of every open shipment.
 * Goods on a van that has left stay on it (unless that van went down: a rescue run, modelled from the depot);
 * goods still at the depot may go only on its vans that have not left yet.
 */
export function buildProblem(inputs: PlanInputs, options: BuildOptions = {}): { problem: ProblemInput; jobs: Map<string, JobInput> } {
  const exclude = options.exclude ?? new Set<string>();
  const stranded = options.stranded ?? new Set<string>();
  const vehicles = inputs.vehicles.map((v) => (v.id === inputs.down ? { ...v, status: 'in_service' as const } : v));
  const shipments = [...inputs.shipments.values()];
  const domain = { vehicles, depots: inputs.depots, priorities: inputs.priorities, objective: 'cost' as const };
  // The vans first: which of them the problem keeps decides each job's allowed vans.
  const full = problemFromDomain({ ...domain, shipments: [] });
  const kept = new Set(full.vehicles.map((v) => v.id));
  // Only the problem's own vans' routes say which have left and what is aboard: a van of another depot (or one that
  // is down) could not take the stop anyway. The stored plan holds every depot's routes.
  const ownRoutes = inputs.base ? { ...inputs.base, routes: inputs.base.routes.filter((r) => kept.has(r.vehicleId)) } : undefined;
  const { out: left, back } = leftDepot(ownRoutes, inputs.now, inputs.shipments);
  const onVehicle = vehicleOf(ownRoutes);
  // Where the stored plan has each stop, looked up only for the stops whose customer was given an ETA: on the
  // problem's own vans' routes, where its shipments are (the stored plan holds every depot's).
  let plannedStarts: Map<string, string> | undefined;
  const plannedAt = (id: string): number | undefined => {
    plannedStarts ??= new Map((ownRoutes?.routes ?? []).flatMap((r) => r.stops.map((st) => [st.shipmentId, st.serviceStartAt] as const)));
    const at = plannedStarts.get(id);
    return at === undefined ? undefined : toEpochSeconds(at);
  };
  // Each depot's vans, and those of them still at the depot, worked out once: a depot's problem has hundreds of jobs.
  // The lists are shared by the jobs, and the same lists as last time are the very same (frozen) arrays: comparing a
  // job with last time's then takes no look inside them.
  const scope = `${inputs.tenant}\u0000${inputs.depotId ?? ''}`;
  const last = lastJobs.get(scope) ?? new Map<string, LastJob>();
  const vansBefore = lastVans.get(scope);
  const vansOf = new Map<string, { all: string[]; atDepot: string[] }>();
  const vans = (depotId: string) => {
    let got = vansOf.get(depotId);
    if (!got) {
      const all = vehicles.filter((v) => v.depotId === depotId && kept.has(v.id)).map((v) => v.id);
      const atDepot = all.filter((v) => !left.has(v) || v === inputs.down);
      const was = vansBefore?.get(depotId);
      vansOf.set(depotId, (got = { all: deepFreeze(same(was?.all, all)), atDepot: deepFreeze(same(was?.atDepot, atDepot)) }));
    }
    return got;
  };
  lastVans.set(scope, vansOf);
  const built = new Map<string, LastJob>();
  const fresh: { s: Shipment; key: Omit<LastJob, 'job'> }[] = [];
  for (const s of shipments) {
    const ofDepot = vans(s.depotId);
    const aboard = onVehicle.get(s.id);
    const allowed = aboard !== undefined && left.has(aboard) && kept.has(aboard)
      ? (aboard === inputs.down ? ofDepot.all : onlyVan(aboard))
      : ofDepot.atDepot;
    const ready = s.readyAt ? toEpochSeconds(s.readyAt) + LOADING_SECONDS : undefined;
    // Goods stranded on a van that went down move to a rescue van first: they cannot leave before they are reloaded.
    const release = stranded.has(s.id) ? Math.max(ready ?? 0, inputs.now + LOADING_SECONDS) : ready;
    // A re-plan may already have moved the stop past its hold (a van back for a next trip, a breakdown): the stored
    // plan then holds it where it is, or the plan the new stop is inserted into would be infeasible from the start.
    // The stored time is rounded to the second, so the hold gives it that second.
    const told = options.holdPromises ? inputs.promised.get(s.id) : undefined;
    const planned = told === undefined ? undefined : plannedAt(s.id);
    const promise = told === undefined ? undefined : Math.max(told + PROMISE_SLACK_SECONDS, planned === undefined ? -Infinity : planned + 1);
    const key = { from: s, priority: inputs.priorities[s.id] ?? 0, allowed, release, promise };
    const was = last.get(s.id);
    if (was && was.from === key.from && was.priority === key.priority && was.allowed === key.allowed && was.release === key.release && was.promise === key.promise) {
      built.set(s.id, was);
    } else fresh.push({ s, key });
  }
  const made = problemFromDomain({ ...domain, vehicles: [], shipments: fresh.map((f) => f.s) }).jobs!;
  fresh.forEach(({ s, key }, i) => {
    const job = made[i]!;
    const { allowed, release, promise } = key;
    const held = promise === undefined ? [] : (job.time_windows ?? []).map(([a, b]) => [a, Math.min(b, promise)] as [number, number]).filter(([a, b]) => b >= a);
    const next = { ...job, allowed_vehicles: allowed as string[], ...(held.length > 0 ? { time_windows: held } : {}), ...(release !== undefined ? { release } : {}) };
    built.set(s.id, { ...key, job: deepFreeze(same(last.get(s.id)?.job, next)) });
  });
  const jobs = new Map<string, JobInput>();
  const planned: JobInput[] = [];
  for (const s of shipments) {
    const job = built.get(s.id)!.job;
    jobs.set(s.id, job);
    if (!exclude.has(s.id)) planned.push(job);
  }
  lastJobs.set(scope, built);
  // A van still at the depot leaves from now on, not from the start of its shift; one on its way back, once back and loaded.
  const fleet = full.vehicles.map((v) => {
    const [start, end] = v.time_window ?? [inputs.now, inputs.now];
    const returned = back.get(v.id);
    const ready = Math.max(start, inputs.now, returned === undefined ? 0 : returned + LOADING_SECONDS);
    return left.has(v.id) ? v : { ...v, time_window: [Math.min(ready, end), end] as [number, number] };
  });
  return { problem: { ...full, vehicles: fleet, jobs: planned }, jobs };
}

/** The stored plan as the optimizer's solution JSON: only the stop order matters when a LivePlan adopts it. */
export function toSolution(plan: Plan): Solution {
  const zero = { arrival: 0, service_start: 0, departure: 0, distance: 0, load: [] };
  return {
    summary: { routes: plan.routes.length, unassigned: plan.unassigned.length, distance: 0, duration: 0, lateness: 0, cost: { total: 0, fixed: 0, distance: 0, time: 0, lateness: 0, unassigned_penalty: 0 } },
    routes: plan.routes.map((r) => ({ vehicle: r.vehicleId, steps: r.stops.map((s) => ({ type: 'job' as const, id: s.shipmentId, ...zero })), distance: 0, duration: 0, cost: 0, lateness: 0 })),
    unassigned: [],
  };
}

/**
 * A LivePlan over `problem`, adopting the stored plan's stop order (or planning from scratch), with started stops
 * frozen; `travelFrom` lends its figures for the places both share, and `memory` (of a released plan) holds the matrices.
 */
export function openLive(problem: ProblemInput, base: Plan | undefined, now: number, travelFrom?: LivePlan, memory?: MatrixMemory): LivePlan {
  const reuse = { ...(travelFrom ? { travelFrom } : {}), ...(memory ? { memory } : {}) };
  if (!base) return LivePlan.create(problem, { seed: PLAN_SEED, iterations: FRESH_ITERATIONS, ...reuse });
  // Stops whose service started by now are frozen in the one compile, rather than by a second one after adopting.
  const open = new Set((problem.jobs ?? []).map((j) => j.id));
  // Only the problem's own vans' routes: the stored plan holds every depot's, and a pick's problem is one depot's.
  const own = new Set((problem.vehicles ?? []).map((v) => v.id));
  const routes = base.routes.filter((r) => own.has(r.vehicleId));
  const started = new Map(routes.map((r) => [
    r.vehicleId, r.stops.filter((st) => open.has(st.shipmentId) && toEpochSeconds(st.serviceStartAt) <= now).map((st) => st.shipmentId),
  ]));
  const vehicles = problem.vehicles.map((v) => {
    const frozen = started.get(v.id) ?? [];
    return frozen.length > 0 ? { ...v, frozen } : v;
  });
  return LivePlan.create({ ...problem, vehicles }, { plan: toSolution({ ...base, routes }), seed: PLAN_SEED, ...reuse });
}

/** Domain reason codes for the optimizer's: a van not allowed is one that has left or is not of the depot. */
function reasonsOf(codes: readonly string[]): UnassignedReason[] {
  const mapped = codes.map((c) => (c === 'vehicle_not_allowed' ? 'no_vehicle' : toDomainReason(c)));
  const unique = [...new Set(mapped)];
  return unique.length > 0 ? unique : ['no_vehicle'];
}

const iso = (t: number) => toIso(Math.round(t));

/** A shipment held for a van's next trip: that van, and when it is back at the depot (epoch seconds). */
export interface NextTrip {
  vehicleId: string;
  backAt: number;
}

/**
 * The optimizer's solution as a domain plan (version assigned when stored). The stop's `eta` is when service starts.
 * Unassigned shipments in `waits` are held for a van's next trip rather than left to a carrier.
 */
export function toDomainPlan(solution: Solution, inputs: PlanInputs, id: string, waits: ReadonlyMap<string, NextTrip> = new Map()): Plan {
  const routes: Route[] = [];
  for (const r of solution.routes) {
    const jobs = r.steps.filter((st) => st.id !== undefined && inputs.shipments.has(st.id));
    if (jobs.length === 0) continue;
    routes.push({
      vehicleId: r.vehicle, departAt: iso(r.steps[0]!.departure), returnAt: iso(r.steps[r.steps.length - 1]!.arrival),
      // A van early at the door waits for the window: the customer's ETA is when unloading can start.
      stops: jobs.map((st) => ({
        shipmentId: st.id!, kind: 'delivery' as const, location: inputs.shipments.get(st.id!)!.destination, arrivalAt: iso(st.arrival),
        serviceStartAt: iso(st.service_start), departureAt: iso(st.departure), eta: iso(st.service_start), status: 'planned' as const,
      })),
      distanceM: Math.round(r.distance), durationS: Math.round(r.duration), cost: { amountMinor: Math.round(r.cost), currency: inputs.currency },
    });
  }
  const unassigned = solution.unassigned.filter((u) => inputs.shipments.has(u.id)).map((u): Plan['unassigned'][number] => {
    const wait = waits.get(u.id);
    if (!wait) return { shipmentId: u.id, reasons: reasonsOf(u.reasons) };
    return { shipmentId: u.id, reasons: ['awaiting_vehicle' as const], nextTrip: { vehicleId: wait.vehicleId, backAt: iso(wait.backAt) } };
  });
  const oldRoutes = new Map((inputs.base?.routes ?? []).map((r) => [r.vehicleId, r]));
  const oldEntries = new Map((inputs.base?.unassigned ?? []).map((u) => [u.shipmentId, u]));
  // A wave changes a route or two of a depot's fifty: the others are handed on as the stored version's own (frozen)
  // objects, which the store need neither validate nor write out again.
  return {
    id, tenant: inputs.tenant, version: 0, createdAt: toIso(inputs.now),
    routes: routes.map((r) => same(oldRoutes.get(r.vehicleId), r)),
    unassigned: unassigned.map((u) => same(oldEntries.get(u.shipmentId), u)),
  };
}

/** Plan cost in minor units: fixed, distance, time and lateness (the total leaves out the penalty for unassigned stops). */
export const costOf = (s: Solution): number => s.summary.cost.total;

export interface Placement {
  vehicleId: string;
  index: number;
  eta: string;
}

/** Where each shipment sits in a plan: vehicle, position and ETA; once per stored (frozen) plan, as Customer asks it at every pick run. */
export function placements(plan: Plan): ReadonlyMap<string, Readonly<Placement>> {
  const stored = Object.isFrozen(plan);
  let map = stored ? placed.get(plan) : undefined;
  if (!map) {
    map = new Map(plan.routes.flatMap((r) => r.stops.map((s, index) => [s.shipmentId, Object.freeze({ vehicleId: r.vehicleId, index, eta: s.eta })] as const)));
    if (stored) placed.set(plan, map);
  }
  return map;
}
const placed = new WeakMap<Plan, ReadonlyMap<string, Readonly<Placement>>>();
