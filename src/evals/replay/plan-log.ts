/**
 * How a baseline's plan enters the runtime: stored as the next plan version (the road follows the stored plan), and
 * each new or moved assignment proposed as `route.assign` by `dispatch` through the gate, so it is logged, levelled
 * by the policy, reviewed at L1 and executed through the outbox exactly as Marshal's own assignments are.
 */
import { createHash } from 'node:crypto';
import { quoteShipment } from '../../agents/carrier-choice.ts';
import { type ActionProposal, type Plan, type Shipment, toIso } from '../../domain/index.ts';
import type { Runtime } from '../../graph/runtime.ts';
import { queryDecisions } from '../../ledger/index.ts';

/** Shipment → vehicle of a plan's routes. */
const assignments = (plan: Plan | undefined) => new Map((plan?.routes ?? []).flatMap((r) => r.stops.map((s) => [s.shipmentId, { vehicleId: r.vehicleId, eta: s.eta }] as const)));

/** Saves `plan` as the tenant's next version and proposes every assignment it changes; delivers the outbox. */
export async function commitPlan(runtime: Runtime, strategy: string, plan: Omit<Plan, 'version'>, why: string): Promise<Plan> {
  const before = assignments(runtime.store.plans.current(plan.tenant));
  const saved = runtime.store.plans.save({ ...plan, version: 0 });
  const now = saved.createdAt;
  for (const route of saved.routes) {
    const perStop = route.stops.length > 0 ? Math.round(route.cost.amountMinor / route.stops.length) : 0;
    route.stops.forEach((stop, i) => {
      const was = before.get(stop.shipmentId);
      if (was?.vehicleId === route.vehicleId) return;
      const id = `prop-${createHash('sha256').update(`${strategy}|${plan.tenant}|${stop.shipmentId}|${route.vehicleId}|${saved.version}`).digest('hex').slice(0, 24)}`;
      const proposal: ActionProposal = {
        id, kind: 'route.assign', agent: 'dispatch', tenant: plan.tenant, createdAt: now,
        target: { system: 'plan', type: 'shipment', id: stop.shipmentId },
        payload: { shipmentId: stop.shipmentId, vehicleId: route.vehicleId, planVersion: saved.version, eta: stop.eta },
        impact: { costMinor: perStop, ordersAffected: 1, slaRisk: 0 }, confidence: 0.9,
        explanation: {
          summary: `${strategy}: ${stop.shipmentId} on ${route.vehicleId} as stop ${i + 1} of ${route.stops.length}, ETA ${stop.eta.slice(11, 16)} UTC (${why}).`,
          constraints: [`baseline strategy '${strategy}', not Marshal's Dispatch agent`], inputs: { planVersion: saved.version, stop: i + 1 }, alternatives: [],
        },
        trigger: { kind: 'replay', actor: `strategy:${strategy}` },
      };
      runtime.governance.decide({ proposal, agent: 'dispatch', eventId: null, correlationId: stop.shipmentId });
    });
  }
  await runtime.runner.deliver();
  return saved;
}

/**
 * Shipments whose assignment by `strategy` a reviewer rejected or let expire since the last call: a baseline takes
 * them off its vans, as Marshal's Dispatch does with its own, so the road never drives a refused assignment.
 */
export function refusedSince(runtime: Runtime, tenant: string, strategy: string, cursor: { seq: number }): string[] {
  const out: string[] = [];
  for (const outcome of ['rejected', 'expired'] as const) {
    const { entries } = queryDecisions(runtime.store.db, { tenant, kind: 'route.assign', outcome, afterSeq: cursor.seq, limit: 1000 });
    for (const e of entries) {
      const shipmentId = e.proposal?.payload.shipmentId;
      if (e.proposal?.trigger.actor === `strategy:${strategy}` && typeof shipmentId === 'string') out.push(shipmentId);
    }
  }
  cursor.seq = runtime.governance.ledger.head().seq;
  return [...new Set(out)].sort();
}

/**
 * Books each shipment once with the cheapest carrier whose lane serves it (a rate card, no scores, no second try),
 * as `carrier.tender` by `carrier` through the gate; a shipment no lane serves stays undelivered. Delivers the outbox.
 */
export async function tenderOnce(runtime: Runtime, strategy: string, shipments: readonly { shipment: Shipment; zone: string | undefined }[], now: number, why: string): Promise<number> {
  let proposed = 0;
  for (const { shipment: s, zone } of [...shipments].sort((a, b) => (a.shipment.id < b.shipment.id ? -1 : 1))) {
    if (zone === undefined) continue;
    const { ask, quotes } = await quoteShipment(runtime.ports, s, zone, now);
    const cheapest = [...quotes].sort((a, b) => a.amount.amountMinor - b.amount.amountMinor || (a.carrierId < b.carrierId ? -1 : 1))[0];
    if (!cheapest) continue;
    const proposal: ActionProposal = {
      id: `prop-${createHash('sha256').update(`${strategy}|tender|${s.tenant}|${s.id}`).digest('hex').slice(0, 24)}`,
      kind: 'carrier.tender', agent: 'carrier', tenant: s.tenant, createdAt: toIso(now),
      target: { system: 'carrier', type: 'shipment', id: s.id },
      payload: { shipmentId: s.id, carrierId: cheapest.carrierId, depotId: s.depotId, zone, weightKg: ask.weightKg, amount: cheapest.amount, pickupAt: ask.pickupAt },
      impact: { costMinor: cheapest.amount.amountMinor, ordersAffected: s.orderIds.length, slaRisk: 0 }, confidence: 0.8,
      explanation: {
        summary: `${strategy}: tender ${s.id} to ${cheapest.carrierId}, the cheapest on lane ${s.depotId} → ${zone} (${why}).`,
        constraints: [`baseline strategy '${strategy}', not Marshal's Carrier agent: booked once, never re-tendered`],
        inputs: { quotes: quotes.map((q) => ({ carrierId: q.carrierId, amountMinor: q.amount.amountMinor })) }, alternatives: [],
      },
      trigger: { kind: 'replay', actor: `strategy:${strategy}` },
    };
    runtime.governance.decide({ proposal, agent: 'carrier', eventId: null, correlationId: s.id });
    proposed++;
  }
  await runtime.runner.deliver();
  return proposed;
}
