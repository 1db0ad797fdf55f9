/** Dispatch and the shipments held for a van's next trip: which wait, and the proposal that puts them on a van. */
import type { MarshalEvent, Plan } from '../domain/index.ts';
import type { Solution } from '../optimizer/index.ts';
import { type AgentDeps, listed, propose } from './agent.ts';
import { describeWindows, hhmm, isoOf, minutes, money, ordersOf, servedAt, slaRiskOf, windowSlack } from './dispatch-explain.ts';
import type { PlanInputs } from './live-plan.ts';
import { byDeadline } from './next-trip.ts';

/** Shipments of these inputs that `base` holds for a van's next trip, the earliest deadline first. */
export function awaitingIn(base: Plan | undefined, inputs: PlanInputs): string[] {
  return (base?.unassigned ?? []).filter((u) => u.reasons.includes('awaiting_vehicle') && inputs.shipments.has(u.shipmentId))
    .map((u) => u.shipmentId).sort(byDeadline(inputs));
}

export interface Placed {
  inputs: PlanInputs;
  base: Plan | undefined;
  after: Solution;
  shipmentIds: string[];
  costDelta: number;
  planVersion: number;
  /** What freed the room, for the explanation ("veh-001 is back", "room on the vans"). */
  why: string;
}

/** The route.replan proposal that puts shipments which waited for a van onto one, each in its window. */
export function placeWaiting(event: MarshalEvent, deps: AgentDeps, p: Placed) {
  const { inputs } = p;
  const served = servedAt(p.after);
  const held = new Map((p.base?.unassigned ?? []).map((u) => [u.shipmentId, u.nextTrip]));
  const rows = p.shipmentIds.map((id) => {
    const at = served.get(id)!;
    const shipment = inputs.shipments.get(id)!;
    return { shipmentId: id, vehicleId: at.vehicle, eta: isoOf(at.at), slack: windowSlack(shipment, at.at), windows: describeWindows(shipment), heldFor: held.get(id) };
  });
  const vehicleIds = [...new Set(rows.map((r) => r.vehicleId))].sort();
  const tightest = Math.min(...rows.map((r) => r.slack));
  return propose('dispatch', event, deps.clock, {
    kind: 'route.replan', target: { system: 'plan', type: 'route', id: vehicleIds[0]! },
    payload: { vehicleIds, shipmentIds: p.shipmentIds, planVersion: p.planVersion, reason: `waiting shipments placed: ${p.why}` },
    impact: { costMinor: p.costDelta, ordersAffected: ordersOf(p.shipmentIds, inputs.shipments), slaRisk: slaRiskOf(tightest) },
    confidence: tightest < 0 ? 0.6 : 0.85,
    explanation: {
      summary: `Put ${rows.length} shipment(s) that waited for a van on one now that ${p.why}: ${listed(rows.map((r) => `${r.shipmentId} → ${r.vehicleId} (ETA ${hhmm(r.eta)})`))}; adds ${money(p.costDelta, inputs.currency)} to the plan.`,
      constraints: rows.map((r) => `${r.shipmentId}: window ${r.windows}, ${minutes(r.slack)} min slack${r.heldFor ? `; held for ${r.heldFor.vehicleId}, back at ${hhmm(r.heldFor.backAt)}` : ''}`),
      inputs: { planVersion: p.planVersion, costDeltaMinor: p.costDelta, placed: rows.map(({ shipmentId, vehicleId, eta, slack }) => ({ shipmentId, vehicleId, eta, windowSlackSeconds: slack })) },
      alternatives: [{ summary: `Tender ${listed(p.shipmentIds)} to a carrier`, rejectedBecause: 'an own van now has room for them inside their windows' }],
    },
  });
}
