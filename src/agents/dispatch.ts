/**
 * The Dispatch agent: puts a picked shipment on a van of the live plan (or holds it for a van's next trip), places held
 * shipments when a van heads back, and re-plans after a breakdown or a priority change.
 */
import type { MarshalEvent, Plan, Shipment } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import type { EventResult, JobInput, LivePlan, MatrixMemory, ProblemInput, Solution } from '../optimizer/index.ts';
import { type Agent, type AgentDeps, type AgentOutput, allOf, combine, eachInTurn, picksOf, propose } from './agent.ts';
import {
  describeLoad, describeWindows, ETA_CHANGE_SECONDS, explainRoute, hhmm, isoOf, minutes, money, ordersOf, servedAt, slaRiskOf, windowSlack,
} from './dispatch-explain.ts';
import { onPriorityChanged, onVehicleDown } from './dispatch-replan.ts';
import { undoPlanChange } from './dispatch-undo.ts';
import { awaitingIn, placeWaiting } from './dispatch-waiting.ts';
import {
  basePlan, buildProblem, isOpen, loadInputs, type NextTrip, openLive, planIdFor, type PlanInputs, PROMISE_SLACK_SECONDS, toDomainPlan, withOtherDepots,
} from './live-plan.ts';
import { byDeadline, nextTrips } from './next-trip.ts';

type EventOf<T extends MarshalEvent['type']> = Extract<MarshalEvent, { type: T }>;
const nothing = (note: string): AgentOutput => ({ proposals: [], notes: [note] });
/** How many other vans the explanation prices as alternatives: each costs one more insertion. */
const ALTERNATIVES = 2;
/**
 * Per tenant's depot: the last live plan, kept only to lend its travel matrices to the next one (the figures for the
 * same places are the same numbers, so a cold start after a restart plans exactly as a warm one), and the memory of
 * the one before it, released, for the next one's matrices to be written into.
 */
const travelDonors = new Map<string, { donor: LivePlan; memory?: MatrixMemory }>();

/**
 * The live plan of one depot over `problem`, borrowing the depot's last plan's travel matrices and lending its own.
 * The last plan is released once lent: Dispatch opens a depot's plan afresh for every event, and no plan outlives it.
 */
function openDepotLive(tenant: string, depotId: string, problem: ProblemInput, base: Plan | undefined, now: number): LivePlan {
  const key = `${tenant}|${depotId}`;
  const last = travelDonors.get(key);
  const live = openLive(problem, base, now, last?.donor, last?.memory);
  travelDonors.set(key, { donor: live, ...(last ? { memory: last.donor.release() } : {}) });
  return live;
}

interface Trial {
  vehicleId: string;
  result: EventResult;
  costDelta: number;
}

/**
 * What `vehicleId` would cost for `job`: quoted on the live plan and undone, or, when the plan has no spare slot,
 * inserted into a fresh live plan restricted to that van and the busy ones.
 */
function tryVan(inputs: PlanInputs, problem: ReturnType<typeof buildProblem>['problem'], job: JobInput, vehicleId: string, live: LivePlan, before: Solution): Trial {
  const quoted = live.quote(job, vehicleId);
  if (quoted) return { vehicleId, result: quoted.result, costDelta: quoted.costDelta };
  const busy = new Set(before.routes.filter((r) => r.steps.some((st) => st.id !== undefined)).map((r) => r.vehicle));
  const vehicles = problem.vehicles.filter((v) => v.id === vehicleId || busy.has(v.id));
  const copy = openLive({ ...problem, vehicles }, inputs.base, inputs.now, live);
  const cost0 = copy.cost();
  const result = copy.insert({ ...job, allowed_vehicles: [vehicleId] });
  return { vehicleId, result, costDelta: copy.cost() - cost0 };
}

/** The first of `orderIds` that Capacity held (executed, or still waiting on review) and nothing released since, and why. */
function heldOrder(deps: AgentDeps, tenant: string, orderIds: readonly string[]): { orderId: string; why: string } | undefined {
  for (const orderId of orderIds) {
    const entries = queryDecisions(deps.store.db, { tenant, orderId, agent: 'capacity', limit: 1000 }).entries;
    const hold = entries.find((e) => e.kind === 'order.hold' && (e.outcome === 'queued' || e.outcome === 'executed' || e.outcome === 'approved'));
    const released = entries.some((e) => (e.kind === 'order.release' || e.kind === 'order.split') && (e.outcome === 'executed' || e.outcome === 'approved'));
    if (hold && !released) return { orderId, why: hold.explanation.summary.replace(/^Hold [^:]+: /, '').replace(/\.$/, '') };
  }
  return undefined;
}

/** Why the pick stays off the vans: held for a van's next trip, or left for the Carrier agent to tender. */
function unplaced(id: string, result: EventResult, version: number, wait: NextTrip | undefined): string {
  if (wait) return `no van at the depot can take ${id} now: held in plan v${version} for ${wait.vehicleId}'s next trip (back at ${hhmm(isoOf(wait.backAt))})`;
  const reasons = result.unassigned.find((u) => u.id === id)?.reasons ?? ['no_vehicle'];
  return `no own van can take ${id} (${reasons.join(', ')}): left unassigned in plan v${version} for the Carrier agent to tender`;
}

/** A picked shipment Dispatch is to place: its pick event and the shipment as the dispatch state holds it. */
interface Pick {
  event: EventOf<'wms.pick.completed'>;
  shipment: Shipment;
}

/**
 * Picks, in arrival order: each shipment goes on a van of the live plan of its depot (or is held for a van's next
 * trip, or left for the Carrier agent), one plan pass and one plan version per depot however many picks there are.
 */
async function onPicks(events: readonly EventOf<'wms.pick.completed'>[], deps: AgentDeps): Promise<AgentOutput> {
  const notes: string[] = [];
  const byDepot = new Map<string, Pick[]>();
  const seen = new Set<string>();
  for (const event of events) {
    const t = event.tenant;
    const id = event.data.shipmentId;
    const shipment = deps.store.shipments.get(t, id);
    if (!shipment) notes.push(`shipment ${id} is not in the dispatch state`);
    else if (seen.has(id)) notes.push(`${id} was picked twice in this batch: placed once`);
    else if (shipment.status !== 'ready' && shipment.status !== 'planned') notes.push(`${id} is already ${shipment.status}`);
    else {
      const held = heldOrder(deps, t, shipment.orderIds);
      if (held) notes.push(`${id} is not routed: ${held.orderId} is held (${held.why}) and was never released; its pick waits for a dispatcher`);
      else {
        seen.add(id);
        byDepot.set(shipment.depotId, [...(byDepot.get(shipment.depotId) ?? []), { event, shipment }]);
      }
    }
  }
  const outputs: AgentOutput[] = [{ proposals: [], notes }];
  for (const picks of byDepot.values()) outputs.push(await placePicks(picks, deps));
  return combine(...outputs);
}

/** The picks of one depot, placed in one pass over its live plan; the plan is saved once, under the first pick's id. */
async function placePicks(all: readonly Pick[], deps: AgentDeps): Promise<AgentOutput> {
  const first = all[0]!.event;
  const t = first.tenant;
  const depotId = all[0]!.shipment.depotId;
  const planId = planIdFor(first);
  const { base, own } = basePlan(deps.store, t, planId);
  const now = deps.clock.now();
  const inputs = await loadInputs(deps.store, deps.ports, t, now, base, { depotId });
  const notes: string[] = [];
  const picks = all.filter(({ shipment }) => {
    if (inputs.shipments.has(shipment.id)) return true;
    notes.push(`${shipment.id} is due ${describeWindows(shipment)} on ${shipment.windows[0]!.start.slice(0, 10)}, after today's shifts: it waits for that day's plan`);
    return false;
  });
  if (picks.length === 0) return { proposals: [], notes };
  const ids = picks.map((p) => p.shipment.id);
  const { problem, jobs } = buildProblem(inputs, { exclude: new Set(ids), holdPromises: true });
  if (problem.vehicles.length === 0) {
    const dropped = new Set(ids);
    const plan = own ?? deps.store.plans.save({
      id: planId, tenant: t, version: 0, createdAt: isoOf(now), routes: base?.routes ?? [],
      unassigned: [...(base?.unassigned ?? []).filter((u) => !dropped.has(u.shipmentId)), ...ids.map((id) => ({ shipmentId: id, reasons: ['no_vehicle' as const] }))],
    });
    return { proposals: [], notes: [...notes, ...ids.map((id) => `no own van is available: ${id} left unassigned in plan v${plan.version} for the Carrier agent to tender`)] };
  }
  const live = openDepotLive(t, depotId, problem, base, now);
  // Shipments held for a van's next trip go first: they have waited longest for the room a van coming back frees.
  // A shipment picked again while held for a next trip is placed as a pick of this wave, not retried as held too.
  const fresh = new Set(ids);
  const awaiting = awaitingIn(base, inputs).filter((id) => !fresh.has(id));
  const costHeld = live.cost();
  const retried = live.retry(awaiting);
  // Plans between insertions are read for their routes only.
  const placedHeld = live.solution({ explain: false });
  const costAfterHeld = live.cost();
  const inserted: { pick: Pick; result: EventResult; before: Solution; after: Solution; costBefore: number; costDelta: number; quotes: Trial[] }[] = [];
  let before = placedHeld;
  for (const pick of picks) {
    const job = jobs.get(pick.shipment.id)!;
    const cost0 = live.cost();
    // Priced before the insertion, on the plan as it stands; the chosen van's own quote is dropped afterwards.
    const candidates = [...(job.allowed_vehicles ?? [])].sort().slice(0, ALTERNATIVES + 1);
    const quotes = candidates.map((v) => tryVan(inputs, problem, job, v, live, before));
    const result = live.insert(job);
    const after = live.solution({ explain: false });
    inserted.push({ pick, result, before, after, costBefore: cost0, costDelta: Math.round(live.cost() - cost0), quotes });
    before = after;
  }
  // Where each pick is once the whole wave is in: a later insertion's repair may have moved it to another van.
  const finalVan = servedAt(before);
  const unplacedIds = ids.filter((id) => !finalVan.has(id));
  const left = [...awaiting.filter((a) => !retried.includes(a)), ...unplacedIds].sort(byDeadline(inputs));
  const waits = nextTrips(inputs, problem, jobs, live, left, before);
  // A shipment held for a next trip is stored with that reason instead: only the others are explained.
  const final = live.solution({ explain: (sid) => !waits.has(sid) });
  const plan = own ?? deps.store.plans.save(withOtherDepots(deps.store, toDomainPlan(final, inputs, planId, waits), inputs));
  const proposals = retried.length > 0
    ? [placeWaiting(first, deps, { inputs, base, after: final, shipmentIds: retried, costDelta: Math.round(costAfterHeld - costHeld), planVersion: plan.version, why: 'a van has room for them' })]
    : [];
  for (const x of inserted) {
    const id = x.pick.shipment.id;
    const vehicleId = finalVan.get(id)?.vehicle;
    if (!vehicleId) {
      notes.push(unplaced(id, x.result, plan.version, waits.get(id)));
      continue;
    }
    notes.push(`${id} on ${vehicleId} in plan v${plan.version}`);
    const trials = x.quotes.filter((q) => q.vehicleId !== vehicleId).slice(0, ALTERNATIVES);
    proposals.push(assign(x.pick.event, deps, {
      inputs, live, before: x.before, inserted: x.after, after: final, vehicleId, costBefore: x.costBefore, costDelta: x.costDelta, trials, planVersion: plan.version, shipmentId: id,
    }));
  }
  return { notes, proposals };
}

interface Assigned {
  inputs: PlanInputs;
  live: LivePlan;
  /** The plan just before and just after this insertion (other picks of a batch may come after it). */
  before: Solution;
  inserted: Solution;
  /** The plan as stored: where the shipment and its van end up. */
  after: Solution;
  vehicleId: string;
  costBefore: number;
  costDelta: number;
  trials: Trial[];
  planVersion: number;
  shipmentId: string;
}

/** The route.assign proposal, explained from the optimizer: why this van, its load, the window slack, the cost. */
function assign(event: MarshalEvent, deps: AgentDeps, p: Assigned) {
  const { inputs, vehicleId, shipmentId: id } = p;
  const shipment = inputs.shipments.get(id)!;
  const route = p.after.routes.find((r) => r.vehicle === vehicleId)!;
  const stops = route.steps.filter((s) => s.id !== undefined);
  const index = stops.findIndex((s) => s.id === id);
  const serviceStart = stops[index]!.service_start;
  const slack = windowSlack(shipment, serviceStart);
  const why = explainRoute(p.live.currentProblem(), p.after, vehicleId);
  const loadFactor = why?.loadFactor ?? [];
  // Other stops whose ETA the insertion moved (or that local repair moved to another van).
  const was = servedAt(p.before);
  const moved = [...servedAt(p.inserted)].filter(([sid, now]) => {
    const prev = was.get(sid);
    return sid !== id && prev !== undefined && (prev.vehicle !== now.vehicle || Math.abs(prev.at - now.at) >= ETA_CHANGE_SECONDS);
  }).map(([sid, now]) => ({ shipmentId: sid, vehicleId: now.vehicle, eta: isoOf(now.at), was: isoOf(was.get(sid)!.at) }));
  let confidence = 0.9;
  if (slack < 15 * 60) confidence -= 0.15;
  if (Math.max(0, ...loadFactor) > 0.9) confidence -= 0.1;
  const cur = inputs.currency;
  const eta = isoOf(serviceStart);
  const departs = isoOf(route.steps[0]!.departure);
  return propose('dispatch', event, deps.clock, {
    kind: 'route.assign', target: { system: 'plan', type: 'shipment', id },
    payload: { shipmentId: id, vehicleId, planVersion: p.planVersion, eta },
    impact: { costMinor: p.costDelta, ordersAffected: ordersOf([id, ...moved.map((m) => m.shipmentId)], inputs.shipments), slaRisk: slaRiskOf(slack) },
    confidence: Math.round(confidence * 100) / 100,
    explanation: {
      summary: `Put ${id} on ${vehicleId} as stop ${index + 1} of ${stops.length}: ETA ${hhmm(eta)}, ${minutes(slack)} min before the window closes; adds ${money(p.costDelta, cur)} to the plan (cheapest feasible insertion).`,
      constraints: [
        `window ${describeWindows(shipment)}: ${minutes(slack)} min slack`,
        `${vehicleId} load at its peak: ${describeLoad(loadFactor)}`,
        `ready ${hhmm(shipment.readyAt ?? eta)} (pick completed); ${vehicleId} leaves the depot at ${hhmm(departs)} once loaded`,
        ...(why && why.binding.length > 0 ? [`binding on ${vehicleId}: ${why.binding.join(', ')}`] : []),
        ...(inputs.promised.size > 0 ? [`ETAs already given to customers held to at most ${PROMISE_SLACK_SECONDS / 60} min later`] : []),
        ...moved.map((m) => `${m.shipmentId} now ${m.vehicleId} at ${hhmm(m.eta)} (was ${hhmm(m.was)})`),
      ],
      inputs: {
        planVersion: p.planVersion, vehicleId, stop: index + 1, stops: stops.length, eta, departAt: departs, windowSlackSeconds: slack,
        loadFactor: { kg: loadFactor[0] ?? 0, m3: loadFactor[1] ?? 0, pallets: loadFactor[2] ?? 0 }, load: shipment.load,
        costBeforeMinor: Math.round(p.costBefore), costAfterMinor: Math.round(p.costBefore) + p.costDelta, costDeltaMinor: p.costDelta,
        binding: why?.binding ?? [], tightWindows: why?.tightWindows ?? [], shiftSlackSeconds: Math.round(why?.shiftSlack ?? 0), moved,
      },
      alternatives: p.trials.map((tr) => alternative(tr, p.costDelta, cur, vehicleId)),
    },
  });
}

/** Another van, priced: more expensive, or unable to take the stop, and why. */
function alternative(tr: Trial, chosenDelta: number, currency: string, chosen: string): { summary: string; rejectedBecause: string } {
  if (tr.result.vehicle !== tr.vehicleId) {
    return { summary: `${tr.vehicleId}`, rejectedBecause: `cannot take it: ${(tr.result.unassigned[0]?.reasons ?? ['no_vehicle']).join(', ')}` };
  }
  const extra = Math.round(tr.costDelta) - chosenDelta;
  return {
    summary: `${tr.vehicleId}: adds ${money(Math.round(tr.costDelta), currency)}`,
    rejectedBecause: extra > 0 ? `costs ${money(extra, currency)} more` : `no cheaper: the cheapest insertion reached ${chosen} first`,
  };
}

/** PODs in arrival order, each a van's possible last stop; one whose van has a later POD in the batch is not the last. */
async function onPods(events: readonly EventOf<'driver.pod.captured'>[], deps: AgentDeps): Promise<AgentOutput> {
  const outputs: AgentOutput[] = [];
  for (const [i, event] of events.entries()) outputs.push(await onLastStop(event, deps, new Set(events.slice(i + 1).map((e) => e.data.shipmentId))));
  return combine(...outputs);
}

/**
 * A van served (or failed at) its last open stop and heads back: the shipments its depot holds for a next trip get
 * a van now where one has room, and those no van can serve in time any more are left to the Carrier agent.
 */
async function onLastStop(event: EventOf<'driver.pod.captured' | 'driver.delivery.failed'>, deps: AgentDeps, later: ReadonlySet<string> = new Set()): Promise<AgentOutput> {
  const quiet: AgentOutput = { proposals: [], notes: [] };
  const t = event.tenant;
  const vehicle = event.data.vehicleId ? deps.store.vehicles.get(t, event.data.vehicleId) : undefined;
  const planId = planIdFor(event);
  const { base, own } = basePlan(deps.store, t, planId);
  if (!vehicle || !base?.unassigned.some((u) => u.reasons.includes('awaiting_vehicle'))) return quiet;
  const route = base.routes.find((r) => r.vehicleId === vehicle.id);
  const rest = (route?.stops ?? []).map((st) => st.shipmentId).filter((id) => id !== event.data.shipmentId);
  // A stop whose POD comes later in the same batch is recorded as delivered already, but was not served yet.
  if (rest.some((id) => later.has(id))) return quiet;
  const others = deps.store.shipmentStates(t, rest);
  if ([...others.values()].some((st) => isOpen(st.status))) return quiet;
  const now = deps.clock.now();
  const inputs = await loadInputs(deps.store, deps.ports, t, now, base, { depotId: vehicle.depotId });
  const awaiting = awaitingIn(base, inputs);
  if (awaiting.length === 0) return quiet;
  const { problem, jobs } = buildProblem(inputs);
  const live = openDepotLive(t, vehicle.depotId, problem, base, now);
  const cost0 = live.cost();
  const placed = live.retry(awaiting);
  const waits = nextTrips(inputs, problem, jobs, live, awaiting.filter((id) => !placed.includes(id)));
  const after = live.solution({ explain: (sid) => !waits.has(sid) });
  const dropped = awaiting.filter((id) => !placed.includes(id) && !waits.has(id));
  if (placed.length === 0 && dropped.length === 0) return nothing(`${vehicle.id} heads back: ${awaiting.join(', ')} still wait for a next trip`);
  const plan = own ?? deps.store.plans.save(withOtherDepots(deps.store, toDomainPlan(after, inputs, planId, waits), inputs));
  const notes = [
    ...(placed.length > 0 ? [`${placed.join(', ')} on a van in plan v${plan.version}`] : []),
    ...(dropped.length > 0 ? [`${dropped.join(', ')} can no longer wait for a van: left for the Carrier agent`] : []),
  ];
  if (placed.length === 0) return { proposals: [], notes };
  const why = `${vehicle.id} has served its last stop and heads back to ${vehicle.depotId}`;
  return { notes, proposals: [placeWaiting(event, deps, { inputs, base, after, shipmentIds: placed, costDelta: Math.round(live.cost() - cost0), planVersion: plan.version, why })] };
}

export const dispatchAgent: Agent = {
  name: 'dispatch',
  onRejected: undoPlanChange,
  batches: ['wms.pick.completed', 'driver.pod.captured'],
  async onBatch(events, deps) {
    const picks = picksOf(events);
    if (picks) return onPicks(picks, deps);
    const pods = allOf(events, 'driver.pod.captured');
    return pods ? onPods(pods, deps) : eachInTurn(dispatchAgent, events, deps);
  },
  async onEvent(event, deps) {
    switch (event.type) {
      case 'wms.pick.completed':
        return onPicks([event], deps);
      case 'telematics.vehicle.down':
        return onVehicleDown(event, deps);
      case 'erp.order.priority_changed':
        return onPriorityChanged(event, deps);
      case 'driver.pod.captured':
      case 'driver.delivery.failed':
        return onLastStop(event, deps);
      default:
        return { proposals: [], notes: [] };
    }
  },
};
