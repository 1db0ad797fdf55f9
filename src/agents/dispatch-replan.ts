/** Dispatch re-plans: a van down (its unserved stops go to the rest of the fleet) and an order whose priority changed. */
import { type MarshalEvent, type Plan, toEpochSeconds, toIso } from '../domain/index.ts';
import { type AgentDeps, type AgentOutput, propose } from './agent.ts';
import { ETA_CHANGE_SECONDS, hhmm, minutes, money, ordersOf, lateStops, slaRiskOf, TIGHT_SECONDS, windowSlack } from './dispatch-explain.ts';
import { byDeadline, nextTrips } from './next-trip.ts';
import {
  basePlan, buildProblem, costOf, LOADING_SECONDS, loadInputs, openLive, placements, planIdFor, type PlanInputs, PROMISE_SLACK_SECONDS, toDomainPlan, vehicleOf,
  withOtherDepots,
} from './live-plan.ts';

type EventOf<T extends MarshalEvent['type']> = Extract<MarshalEvent, { type: T }>;
const nothing = (note: string): AgentOutput => ({ proposals: [], notes: [note] });
/** Search iterations after a breakdown: enough to rebalance a day's fleet in well under a second. */
const REPLAN_ITERATIONS = 200;

interface Move {
  shipmentId: string;
  from: string | null;
  to: string;
  eta: string;
}

/** What changed between two plans for the open shipments: moved, re-sequenced, re-timed, newly unassigned. */
export interface PlanDiff {
  moved: Move[];
  resequenced: string[];
  retimed: { shipmentId: string; eta: string; was: string }[];
  unassigned: { shipmentId: string; from: string; reasons: string[] }[];
}

/** The changes from `before` to `after`, shipment by shipment in id order. */
export function diffPlans(before: Plan, after: Plan, inputs: PlanInputs): PlanDiff {
  const b = placements(before);
  const a = placements(after);
  const reasons = new Map(after.unassigned.map((u) => [u.shipmentId, u.reasons]));
  const diff: PlanDiff = { moved: [], resequenced: [], retimed: [], unassigned: [] };
  for (const id of inputs.shipments.keys()) {
    const was = b.get(id);
    const now = a.get(id);
    if (was && !now) diff.unassigned.push({ shipmentId: id, from: was.vehicleId, reasons: reasons.get(id) ?? ['no_vehicle'] });
    else if (now && (!was || was.vehicleId !== now.vehicleId)) diff.moved.push({ shipmentId: id, from: was?.vehicleId ?? null, to: now.vehicleId, eta: now.eta });
    else if (was && now) {
      if (was.index !== now.index) diff.resequenced.push(id);
      if (Math.abs(toEpochSeconds(now.eta) - toEpochSeconds(was.eta)) >= ETA_CHANGE_SECONDS) diff.retimed.push({ shipmentId: id, eta: now.eta, was: was.eta });
    }
  }
  return diff;
}

const changed = (d: PlanDiff) => d.moved.length + d.unassigned.length + d.resequenced.length + d.retimed.length > 0;

interface Replan {
  inputs: PlanInputs;
  next: Plan;
  diff: PlanDiff;
  costDelta: number;
  vehicleIds: string[];
  reason: string;
  headline: string;
  constraints: string[];
}

/** The route.replan proposal: who moves where, who is now late or unassigned (and so the SLA risk). */
function replanProposal(event: MarshalEvent, deps: AgentDeps, r: Replan) {
  const { diff, inputs } = r;
  const late = lateStops(r.next, inputs.shipments).filter((l) => diff.moved.some((m) => m.shipmentId === l.shipmentId) || diff.retimed.some((x) => x.shipmentId === l.shipmentId));
  const tight = diff.moved.filter((m) => {
    const slack = windowSlack(inputs.shipments.get(m.shipmentId)!, toEpochSeconds(m.eta));
    return slack >= 0 && slack < TIGHT_SECONDS;
  });
  const waits = (u: PlanDiff['unassigned'][number]) => u.reasons.includes('awaiting_vehicle');
  const held = diff.unassigned.filter(waits).map((u) => u.shipmentId);
  const lost = diff.unassigned.filter((u) => !waits(u)).map((u) => u.shipmentId);
  const slaRisk = diff.unassigned.length > 0 ? Math.min(1, 0.5 + 0.1 * (diff.unassigned.length - 1)) : late.length > 0 ? slaRiskOf(-1) : tight.length > 0 ? slaRiskOf(1) : 0.05;
  const shipmentIds = [...new Set([...diff.moved.map((m) => m.shipmentId), ...diff.unassigned.map((u) => u.shipmentId), ...diff.resequenced])];
  const touched = new Set([...shipmentIds, ...diff.retimed.map((x) => x.shipmentId)]);
  const vehicleIds = [...new Set([...r.vehicleIds, ...diff.moved.map((m) => m.to)])];
  const risk = [
    ...diff.unassigned.map((u) => (u.reasons.includes('awaiting_vehicle')
      ? `${u.shipmentId} held for a van's next trip: no van can take it now, and one is back at the depot in time for it`
      : `${u.shipmentId} unassigned (${u.reasons.join(', ')}): no own van can serve it in its window; left to the Carrier agent`)),
    ...late.map((l) => `${l.shipmentId} now ${l.minutesLate} min late`),
    ...tight.map((m) => `${m.shipmentId} tight: ${minutes(windowSlack(inputs.shipments.get(m.shipmentId)!, toEpochSeconds(m.eta)))} min before its window closes`),
  ];
  const summary = [
    r.headline,
    diff.moved.length > 0 ? `${diff.moved.map((m) => `${m.shipmentId} → ${m.to} (ETA ${hhmm(m.eta)})`).join(', ')}.` : '',
    lost.length > 0 ? `SLA risk: ${lost.join(', ')} unassigned.` : late.length > 0 ? `SLA risk: ${late.map((l) => l.shipmentId).join(', ')} late.` : '',
    held.length > 0 ? `${held.join(', ')} wait${held.length === 1 ? 's' : ''} for a van's next trip.` : '',
  ].filter(Boolean).join(' ');
  return propose('dispatch', event, deps.clock, {
    kind: 'route.replan', target: { system: 'plan', type: 'route', id: r.vehicleIds[0]! },
    payload: { vehicleIds, shipmentIds, planVersion: r.next.version, reason: r.reason },
    impact: { costMinor: r.costDelta, ordersAffected: ordersOf(touched, inputs.shipments), slaRisk },
    confidence: diff.unassigned.length > 0 ? 0.7 : 0.85,
    explanation: {
      summary,
      constraints: [...r.constraints, ...risk, ...diff.retimed.map((x) => `${x.shipmentId} ETA ${hhmm(x.was)} → ${hhmm(x.eta)}`)],
      inputs: { planVersion: r.next.version, costDeltaMinor: r.costDelta, moved: diff.moved, unassigned: diff.unassigned, late, resequenced: diff.resequenced, retimed: diff.retimed },
      alternatives: diff.unassigned.length > 0
        ? [{ summary: 'Tender every re-planned stop to a carrier', rejectedBecause: `own vans take the others: only ${diff.unassigned.map((u) => u.shipmentId).join(', ')} wait for a van's next trip or go to the Carrier agent` }]
        : [{ summary: 'Tender the moved stops to a carrier', rejectedBecause: `own vans have room for them (plan cost changes by ${money(r.costDelta, inputs.currency)})` }],
    },
  });
}

/** A van went down: stops it served stay; the rest are re-planned on the fleet (frozen prefixes kept). */
export async function onVehicleDown(event: EventOf<'telematics.vehicle.down'>, deps: AgentDeps): Promise<AgentOutput> {
  const t = event.tenant;
  const { vehicleId: v, at: atIso, reason } = event.data;
  const planId = planIdFor(event);
  const { base, own } = basePlan(deps.store, t, planId);
  const route = base?.routes.find((r) => r.vehicleId === v);
  if (!base || !route || route.stops.length === 0) return nothing(`${v} had no planned stops: nothing to re-plan`);
  const at = toEpochSeconds(atIso);
  // Only the van's own depot can take its stops (a stop's vans are its depot's): that depot is re-planned, the other
  // depots' routes are carried over as they are.
  const depotId = deps.store.vehicles.get(t, v)?.depotId;
  const inputs = await loadInputs(deps.store, deps.ports, t, at, base, { down: v, ...(depotId ? { depotId } : {}) });
  const before = openLive(buildProblem(inputs).problem, base, at).solution();
  // Served before the breakdown (left the stop by then) stays; the rest is stranded and must be reloaded first.
  const done = new Set(before.routes.find((r) => r.vehicle === v)?.steps.filter((st) => st.id !== undefined && st.departure <= at).map((st) => st.id!) ?? []);
  const stranded = new Set(route.stops.map((s) => s.shipmentId).filter((id) => !done.has(id)));
  const trimmed: Plan = { ...base, routes: base.routes.map((r) => (r.vehicleId === v ? { ...r, stops: r.stops.filter((s) => done.has(s.shipmentId)) } : r)) };
  // Keep the ETAs customers were given where the fleet can; break them only when that serves more stops.
  const attempt = (holdPromises: boolean) => {
    const { problem, jobs } = buildProblem(inputs, { stranded, holdPromises });
    const live = openLive(problem, trimmed, at);
    const result = live.vehicleDown(v, at, REPLAN_ITERATIONS);
    return { result, after: live.solution(), live, problem, jobs };
  };
  const held = attempt(true);
  const free = held.result.unassigned.length > 0 ? attempt(false) : held;
  const chosen = free.result.unassigned.length < held.result.unassigned.length ? free : held;
  const { result, after } = chosen;
  // What no van can take now may still wait for a van out on the road to come back for it.
  const left = after.unassigned.map((u) => u.id).filter((id) => inputs.shipments.has(id)).sort(byDeadline(inputs));
  const next = toDomainPlan(after, inputs, planId, nextTrips(inputs, chosen.problem, chosen.jobs, chosen.live, left, after));
  const diff = diffPlans(toDomainPlan(before, inputs, planId), next, inputs);
  if (!changed(diff)) return nothing(`${v} down, but every stop it had was already served`);
  const saved = own ?? deps.store.plans.save(withOtherDepots(deps.store, next, inputs));
  const kept = next.routes.find((r) => r.vehicleId === v)?.stops.map((s) => s.shipmentId) ?? [];
  return {
    notes: [`${v} down: ${diff.moved.length} stop(s) moved, ${result.unassigned.length} unassigned, plan v${saved.version}`],
    proposals: [replanProposal(event, deps, {
      inputs, next: saved, diff, costDelta: Math.round(costOf(after) - costOf(before)), vehicleIds: [v], reason: `${v} down at ${atIso}: ${reason}`,
      headline: `${v} went down at ${hhmm(atIso)} (${reason.replace('_', ' ')}): re-plan its ${route.stops.length - kept.length} unserved stop(s).`,
      constraints: [
        kept.length > 0 ? `served before the breakdown, stay on ${v}: ${kept.join(', ')}` : `${v} had served none of its stops`,
        'stops already started on other vans stay where they are',
        `goods on ${v} are reloaded onto another van first (${LOADING_SECONDS / 60} min)`,
        after === held.after ? `ETAs already given held to at most ${PROMISE_SLACK_SECONDS / 60} min later` : 'ETAs already given could not all be held: doing so would leave more stops unserved',
      ],
    })],
  };
}

/**
 * An order's priority changed: the route holding its shipment is rebuilt with stops placed in priority order (or,
 * for an unplaced shipment, the routes of the vans it may use), so a rush order gets first pick of the room.
 */
export async function onPriorityChanged(event: EventOf<'erp.order.priority_changed'>, deps: AgentDeps): Promise<AgentOutput> {
  const t = event.tenant;
  const { orderId, priority } = event.data;
  const planId = planIdFor(event);
  const { base, own } = basePlan(deps.store, t, planId);
  const now = deps.clock.now();
  const inputs = await loadInputs(deps.store, deps.ports, t, now, base);
  const shipment = [...inputs.shipments.values()].find((s) => s.orderIds.includes(orderId));
  if (!shipment || !base) return nothing(`no planned shipment of ${orderId} to re-plan (not picked yet, or with a carrier)`);
  const previous = inputs.priorities[shipment.id] ?? 0;
  inputs.priorities[shipment.id] = priority;
  const { jobs } = buildProblem(inputs);
  const holder = vehicleOf(base).get(shipment.id);
  const vans = holder ? [holder] : (jobs.get(shipment.id)!.allowed_vehicles ?? []);
  const open = base.routes.filter((r) => vans.includes(r.vehicleId)).flatMap((r) => r.stops)
    .filter((st) => inputs.shipments.has(st.shipmentId) && toEpochSeconds(st.serviceStartAt) > now).map((st) => st.shipmentId);
  if (holder && !open.includes(shipment.id)) return nothing(`${shipment.id} is already being served on ${holder}`);
  const ids = [...new Set([...open, shipment.id])];
  const rank = (id: string) => ids.indexOf(id);
  const order = [...ids].sort((a, b) => (inputs.priorities[b] ?? 0) - (inputs.priorities[a] ?? 0) || rank(a) - rank(b));
  const before = openLive(buildProblem(inputs).problem, base, now).solution();
  const { problem } = buildProblem(inputs, { exclude: new Set(ids) });
  const live = openLive(problem, base, now);
  for (const id of order) live.insert(jobs.get(id)!);
  const after = live.solution();
  const left = after.unassigned.map((u) => u.id).filter((id) => inputs.shipments.has(id)).sort(byDeadline(inputs));
  const next = toDomainPlan(after, inputs, planId, nextTrips(inputs, problem, jobs, live, left, after));
  const diff = diffPlans(toDomainPlan(before, inputs, planId), next, inputs);
  if (!changed(diff)) return nothing(`priority of ${orderId} now ${priority}: placing stops in priority order gives the same plan`);
  const vehicleIds = vans.length > 0 ? vans : diff.moved.map((m) => m.to);
  if (vehicleIds.length === 0) return nothing(`priority of ${orderId} now ${priority}: no van of ${shipment.depotId} can take ${shipment.id}`);
  const saved = own ?? deps.store.plans.save(withOtherDepots(deps.store, next, inputs));
  const why = `priority of ${orderId} ${previous} → ${priority}${event.data.reason ? ` (${event.data.reason})` : ''}`;
  return {
    notes: [`${why}: plan v${saved.version}`],
    proposals: [replanProposal(event, deps, {
      inputs, next: saved, diff, costDelta: Math.round(costOf(after) - costOf(before)), vehicleIds, reason: why,
      headline: `Re-sequence ${vans.join(', ') || 'the plan'} for ${shipment.id}: ${why}; stops placed highest priority first.`,
      constraints: [`stops placed in order: ${order.join(', ')}`, `re-planned from ${toIso(now)}: stops already started stay`],
    })],
  };
}
