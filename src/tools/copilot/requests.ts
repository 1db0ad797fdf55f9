/**
 * `request_replan` and `request_retender`: the user's request turned into a proposal for the policy gate, never a write.
 * The gate decides its level from the policy as for any agent; the log names the chatting user as actor.
 */
import { z } from 'zod';
import type { Quote } from '../../connectors/index.ts';
import { ConflictError, Id, NotFoundError, roadMetres, type SlaTier, toEpochSeconds, toIso } from '../../domain/index.ts';
import { queryDecisions } from '../../ledger/index.ts';
import { defineTool } from '../define.ts';
import { proposalTools } from '../proposals.ts';
import { ActOutcome, type CopilotToolContext } from './context.ts';
import { listAll } from '../../store/index.ts';
import { withEffect } from './shared.ts';

/**
 * A re-plan asked for in chat has not been re-optimised by anyone yet, so it is proposed below the policy's usual
 * confidence bound: the gate queues it for a dispatcher's review instead of executing it on the copilot's word.
 */
export const CHAT_REPLAN_CONFIDENCE = 0.5;
/** Below this claimed on-time share a carrier is used only when nobody better quotes (as the Carrier agent does). */
const RELIABLE_ENOUGH = 0.85;

export const RequestOutput = ActOutcome.extend({
  proposalId: z.string(),
  kind: z.string(),
  target: z.string(),
  summary: z.string(),
});

/** Quotes best first for a tier, leaving out carriers already tried: the best record for urgent tiers, else the cheapest reliable one. */
function rank(quotes: readonly Quote[], tier: SlaTier, tried: ReadonlySet<string>): Quote[] {
  const byCost = (a: Quote, b: Quote) => a.amount.amountMinor - b.amount.amountMinor || (a.carrierId < b.carrierId ? -1 : 1);
  const open = quotes.filter((q) => !tried.has(q.carrierId));
  if (tier === 'critical' || tier === 'priority') return open.sort((a, b) => b.onTimeRate - a.onTimeRate || byCost(a, b));
  return [...open.filter((q) => q.onTimeRate >= RELIABLE_ENOUGH).sort(byCost), ...open.filter((q) => q.onTimeRate < RELIABLE_ENOUGH).sort(byCost)];
}

// Built once: a tool set is made per chat turn, and zod schemas are costly to build.
const RequestReplanInput = z.object({ vehicleId: Id, reason: z.string().trim().min(1).max(500) });
const RequestRetenderInput = z.object({ shipmentId: Id.optional(), orderId: Id.optional(), carrierId: Id.optional(), reason: z.string().trim().min(1).max(500) });

/** The two request tools. */
export function copilotRequestTools(ctx: CopilotToolContext) {
  const { store, ports, tenant, clock, governance, user } = ctx;
  const propose = () => proposalTools(ctx);
  return {
    request_replan: withEffect(defineTool({
      name: 'request_replan',
      description: "Ask for a re-plan of one vehicle's open stops, on the user's behalf: a route.replan proposal to the policy gate (queued for review), never a direct change. Only when the user asked for it in their own message.",
      input: RequestReplanInput,
      output: RequestOutput,
      async run({ vehicleId, reason }) {
        const vehicle = store.vehicles.require(tenant, vehicleId);
        const plan = store.plans.current(tenant);
        if (!plan) throw new ConflictError('no_plan', 'vehicleId', 'there is no plan yet to re-plan');
        const open = (plan.routes.find((r) => r.vehicleId === vehicleId)?.stops ?? []).filter((s) => s.status !== 'done' && s.status !== 'failed');
        const late = open.filter((s) => {
          const eta = store.etas.get(tenant, s.shipmentId);
          return eta !== undefined && toEpochSeconds(eta.eta) > toEpochSeconds(eta.window.end);
        });
        const shipmentIds = open.map((s) => s.shipmentId);
        const summary = `${user.id} asked in chat to re-plan ${vehicleId} (${vehicle.status}): ${open.length} open stop(s)${late.length > 0 ? `, ${late.length} late` : ''}. Reason: ${reason}.`;
        const proposal = await propose().propose_route_replan.invoke({
          target: { system: 'plan', type: 'route', id: vehicleId },
          payload: { vehicleIds: [vehicleId], shipmentIds, planVersion: plan.version, reason: `chat request by ${user.id}: ${reason}` },
          impact: { costMinor: 0, ordersAffected: shipmentIds.length, slaRisk: late.length > 0 ? 0.6 : 0.2 },
          confidence: CHAT_REPLAN_CONFIDENCE,
          explanation: {
            summary,
            constraints: ['asked for by a person in chat; the copilot does not re-optimise routes itself, so a dispatcher confirms first'],
            inputs: { planVersion: plan.version, vehicleStatus: vehicle.status, openStops: shipmentIds, lateStops: late.map((s) => s.shipmentId) },
            alternatives: [],
          },
        });
        return { ...governance.submit(proposal), proposalId: proposal.id, kind: proposal.kind, target: `route ${vehicleId}`, summary };
      },
    }), 'act'),
    request_retender: withEffect(defineTool({
      name: 'request_retender',
      description: "Ask for a shipment to be tendered (again) to a carrier, on the user's behalf: the best carrier not yet tried (or the one named) at its quoted price, as a carrier.tender proposal to the policy gate. Only when the user asked for it in their own message.",
      input: RequestRetenderInput,
      output: RequestOutput,
      async run({ shipmentId, orderId, carrierId, reason }) {
        const shipment = shipmentId ? store.shipments.get(tenant, shipmentId) : listAll(store.shipments, tenant).find((s) => orderId !== undefined && s.orderIds.includes(orderId));
        if (!shipment) throw new NotFoundError(shipmentId ? 'shipmentId' : 'orderId', shipmentId ?? orderId ?? '(none given)', 'shipment');
        const order = await ports.oms.getOrder({ tenant, orderId: shipment.orderIds[0]! });
        const customer = await ports.erp.getCustomer({ tenant, customerId: shipment.customerId });
        const depot = await ports.wms.getDepot({ tenant, depotId: shipment.depotId });
        const weightKg = Math.max(shipment.load.weightKg, 0.1);
        const quotes = await ports.carrier.quote({ tenant, depotId: shipment.depotId, zone: customer.zone, weightKg, distanceM: roadMetres(depot.location, shipment.destination) });
        const earlier = queryDecisions(store.db, { tenant, shipmentId: shipment.id, kind: 'carrier.tender', limit: 1000 }).entries;
        const tried = new Set([...earlier.map((e) => String(e.proposal?.payload.carrierId)), ...(shipment.carrierId ? [shipment.carrierId] : [])]);
        const ranked = carrierId ? quotes.filter((q) => q.carrierId === carrierId) : rank(quotes, order.slaTier, tried);
        const best = ranked[0];
        if (!best) {
          throw new ConflictError('no_carrier', carrierId ? 'carrierId' : 'shipmentId', carrierId
            ? `${carrierId} does not serve the lane ${shipment.depotId} → ${customer.zone}`
            : `no carrier left to tender ${shipment.id} to${tried.size > 0 ? ` (tried ${[...tried].join(', ')})` : ''}`);
        }
        const pickupAt = shipment.readyAt && toEpochSeconds(shipment.readyAt) > clock.now() ? shipment.readyAt : toIso(clock.now());
        const summary = `${user.id} asked in chat to tender ${shipment.id} to ${best.carrierId} at ${best.amount.amountMinor} ${best.amount.currency} minor units (claimed on-time ${Math.round(best.onTimeRate * 100)} %). Reason: ${reason}.`;
        const proposal = await propose().propose_carrier_tender.invoke({
          target: { system: 'carrier', type: 'shipment', id: shipment.id },
          payload: { shipmentId: shipment.id, carrierId: best.carrierId, depotId: shipment.depotId, zone: customer.zone, weightKg, amount: best.amount, pickupAt },
          impact: { costMinor: best.amount.amountMinor, ordersAffected: shipment.orderIds.length, slaRisk: Math.round((1 - best.onTimeRate) * 100) / 100 },
          confidence: 0.8,
          explanation: {
            summary,
            constraints: [`${order.slaTier} order`, ...(tried.size > 0 ? [`already tried: ${[...tried].join(', ')}`] : [])],
            inputs: { quotes: quotes.map((q) => ({ carrierId: q.carrierId, amountMinor: q.amount.amountMinor, onTime: q.onTimeRate })) },
            alternatives: ranked.slice(1).map((q) => ({ summary: `${q.carrierId} at ${q.amount.amountMinor}`, rejectedBecause: 'ranked lower for this tier (price or on-time record)' })),
          },
        });
        return { ...governance.submit(proposal), proposalId: proposal.id, kind: proposal.kind, target: `shipment ${shipment.id}`, summary };
      },
    }), 'act'),
  };
}
