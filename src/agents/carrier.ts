/** The Carrier agent: tenders what Dispatch could not place (nor hold for a van's next trip), re-tenders a rejected shipment, scores carriers on outcomes. */
import { type MarshalEvent, MarshalError, type Shipment, toEpochSeconds, toIso } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { type Agent, type AgentDeps, type AgentOutput, combine, eachInTurn, picksOf, propose } from './agent.ts';
import { arrivesInTime, quoteShipment, rankQuotes } from './carrier-choice.ts';
import { leftToCarriers } from './left-over.ts';

type EventOf<T extends MarshalEvent['type']> = Extract<MarshalEvent, { type: T }>;
const nothing: AgentOutput = { proposals: [], notes: [] };

/** A carrier.tender proposal for a shipment to the best carrier not in `tried`, or a note when none is left. */
async function tender(event: MarshalEvent, deps: AgentDeps, shipment: Shipment, tried: ReadonlySet<string>, why: string): Promise<AgentOutput> {
  const t = event.tenant;
  const order = await deps.ports.oms.getOrder({ tenant: t, orderId: shipment.orderIds[0]! });
  const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: shipment.customerId });
  const { ask, quotes } = await quoteShipment(deps.ports, shipment, customer.zone, deps.clock.now());
  const { pickupAt, distanceM } = ask;
  const lastWindow = order.windows[order.windows.length - 1]!;
  const deadline = { pickupAt: toEpochSeconds(pickupAt), latest: toEpochSeconds(lastWindow.end) };
  const ranked = rankQuotes(quotes, (id) => deps.store.carrierScores.get(t, id), order.slaTier, tried, deadline);
  const best = ranked[0];
  if (!best) return { proposals: [], notes: [`no carrier left for ${shipment.id}${tried.size > 0 ? `: tried ${[...tried].join(', ')}` : ''}`] };
  const critical = order.slaTier === 'critical' || order.slaTier === 'priority';
  const inTime = arrivesInTime(best, deadline);
  const arrives = toIso(deadline.pickupAt + best.transitSeconds);
  return {
    notes: [`tender ${shipment.id} to ${best.carrierId}`],
    proposals: [propose('carrier', event, deps.clock, {
      kind: 'carrier.tender', target: { system: 'carrier', type: 'shipment', id: shipment.id },
      payload: { shipmentId: shipment.id, carrierId: best.carrierId, depotId: ask.depotId, zone: ask.zone, weightKg: ask.weightKg, amount: best.amount, pickupAt },
      // No carrier gets there in time: the promise is lost whoever carries it, and a dispatcher should know.
      impact: { costMinor: best.amount.amountMinor, ordersAffected: shipment.orderIds.length, slaRisk: inTime ? Math.round((1 - best.blendedOnTime) * 100) / 100 : 1 },
      confidence: inTime ? 0.8 : 0.5,
      explanation: {
        summary: `Tender ${shipment.id} to ${best.carrierId} ${why}: ${!inTime ? `no carrier on the lane arrives before the window closes at ${lastWindow.end}; ${best.carrierId} is the best of the late` : critical ? `best on-time record (${Math.round(best.blendedOnTime * 100)} %) for a ${order.slaTier} order` : `cheapest reliable quote at ${best.amount.amountMinor}`}.`,
        constraints: [
          `lane ${shipment.depotId} → ${customer.zone}, ${Math.round(distanceM / 1000)} km, ${shipment.load.weightKg} kg`,
          `picked up ${pickupAt}, ${Math.round(best.transitSeconds / 60)} min in transit: arrives by ${arrives}; last window ends ${lastWindow.end}`,
          ...(tried.size > 0 ? [`already tried: ${[...tried].join(', ')}`] : []),
        ],
        inputs: { quotes: ranked.map((q) => ({ carrierId: q.carrierId, amountMinor: q.amount.amountMinor, onTime: q.blendedOnTime, transitSeconds: q.transitSeconds, inTime: arrivesInTime(q, deadline) })), slaTier: order.slaTier },
        alternatives: ranked.slice(1).map((q) => ({
          summary: `${q.carrierId} at ${q.amount.amountMinor}`,
          rejectedBecause: inTime && !arrivesInTime(q, deadline) ? `arrives after the window closes (${Math.round(q.transitSeconds / 60)} min in transit)`
            : critical ? `on-time ${Math.round(q.blendedOnTime * 100)} %` : `costs ${q.amount.amountMinor - best.amount.amountMinor} more or is less reliable`,
        })),
      },
    })],
  };
}

async function onRejected(event: EventOf<'carrier.tender.rejected'>, deps: AgentDeps): Promise<AgentOutput> {
  const d = event.data;
  const shipment = deps.store.shipments.get(event.tenant, d.shipmentId);
  if (!shipment) return { proposals: [], notes: [`shipment ${d.shipmentId} is not in the dispatch state`] };
  const earlier = queryDecisions(deps.store.db, { tenant: event.tenant, shipmentId: d.shipmentId, kind: 'carrier.tender', limit: 1000 }).entries;
  const tried = new Set([d.carrierId, ...earlier.map((e) => String(e.proposal?.payload.carrierId))]);
  return tender(event, deps, shipment, tried, `after ${d.carrierId} rejected it (${d.reason})`);
}

/**
 * True when the shipment has a tender out (executed, or waiting for review) that no reviewer refused. A second pass
 * after an approval reads the same plan version's left-overs again, and tendered them again: the same carrier booked
 * twice for one shipment (18 times by simulated 09:00 on the bench day). A rejection by the carrier is answered on
 * its own event (`onRejected`), not here.
 */
function tenderedAlready(deps: AgentDeps, tenant: string, shipmentId: string): boolean {
  const entries = queryDecisions(deps.store.db, { tenant, shipmentId, agent: 'carrier', kind: 'carrier.tender', limit: 1000 }).entries;
  const refused = new Set(entries.filter((e) => e.refersTo && (e.outcome === 'rejected' || e.outcome === 'expired' || e.outcome === 'overridden')).map((e) => e.refersTo));
  return entries.some((e) => (e.outcome === 'executed' || e.outcome === 'queued') && !refused.has(e.id));
}

/** Tenders each shipment these events' plan leaves to carriers, in the plan's order; a tender answers the shipment's own event where it has one. */
async function tenderLeftOver(events: readonly MarshalEvent[], deps: AgentDeps): Promise<AgentOutput> {
  const outputs: AgentOutput[] = [];
  for (const { shipment, reasons } of leftToCarriers(events, deps)) {
    if (tenderedAlready(deps, shipment.tenant, shipment.id)) continue;
    const own = events.find((e) => 'shipmentId' in e.data && e.data.shipmentId === shipment.id) ?? events[0]!;
    outputs.push(await tender(own, deps, shipment, new Set(), `because no own van can take it (${reasons.join(', ')})`));
  }
  return combine(...outputs);
}

async function onPicked(events: readonly EventOf<'wms.pick.completed'>[], deps: AgentDeps): Promise<AgentOutput> {
  const out = await tenderLeftOver(events, deps);
  if (out.proposals.length + out.notes.length > 0) return out;
  const ids = events.map((e) => e.data.shipmentId).join(', ');
  return { proposals: [], notes: [`${ids} ${events.length === 1 ? 'is' : 'are'} not left over by Dispatch: own fleet, or held for a van's next trip`] };
}

/** The carrier that carried a shipment, if one did (own-fleet deliveries score no carrier). */
async function carrierOf(deps: AgentDeps, tenant: string, shipmentId: string, named?: string): Promise<string | undefined> {
  if (named) return named;
  const status = await deps.ports.carrier.getStatus({ tenant, shipmentId }).catch((error: unknown) => {
    if (error instanceof MarshalError && error.code === 'not_found') return undefined;
    throw error;
  });
  return status?.carrierId;
}

async function onOutcome(event: MarshalEvent, deps: AgentDeps, shipmentId: string, orderId: string | undefined, outcome: { at: string; exceptionCode?: string }, named?: string): Promise<AgentOutput> {
  const t = event.tenant;
  const carrierId = await carrierOf(deps, t, shipmentId, named);
  if (!carrierId) return nothing;
  const order = orderId ? await deps.ports.oms.getOrder({ tenant: t, orderId }) : undefined;
  const at = toEpochSeconds(outcome.at);
  const onTime = !outcome.exceptionCode && (order?.windows.some((w) => at >= toEpochSeconds(w.start) && at <= toEpochSeconds(w.end)) ?? true);
  const what = outcome.exceptionCode ? `exception ${outcome.exceptionCode}` : onTime ? 'on time' : 'late';
  return {
    notes: [`score ${carrierId}: ${what}`],
    proposals: [propose('carrier', event, deps.clock, {
      kind: 'carrier.score', target: { system: 'carrier', type: 'carrier', id: carrierId },
      payload: { carrierId, onTime, ...(outcome.exceptionCode ? { exceptionCode: outcome.exceptionCode } : {}), shipmentId },
      impact: { costMinor: 0, ordersAffected: 0, slaRisk: 0 }, confidence: 0.95,
      explanation: { summary: `Record ${what} for ${carrierId} on ${shipmentId}.`, constraints: order ? [`committed ${order.windows.map((w) => `${w.start}–${w.end}`).join(' or ')}`] : [], inputs: { at: outcome.at }, alternatives: [] },
    })],
  };
}

export const carrierAgent: Agent = {
  name: 'carrier',
  // What a plan leaves to carriers is tendered on the first pass, whether or not its routes are approved yet.
  afterApproval: [],
  batches: ['wms.pick.completed', 'driver.pod.captured'],
  async onBatch(events, deps) {
    const picks = picksOf(events);
    return picks ? onPicked(picks, deps) : eachInTurn(carrierAgent, events, deps);
  },
  async onEvent(event, deps) {
    switch (event.type) {
      case 'carrier.tender.rejected':
        return onRejected(event, deps);
      case 'wms.pick.completed':
        return onPicked([event], deps);
      case 'driver.pod.captured':
        return combine(await onOutcome(event, deps, event.data.shipmentId, event.data.orderId, { at: event.data.deliveredAt }, event.data.carrierId), await tenderLeftOver([event], deps));
      case 'driver.delivery.failed':
        return combine(await onOutcome(event, deps, event.data.shipmentId, event.data.orderId, { at: event.data.at, exceptionCode: event.data.reasonCode }), await tenderLeftOver([event], deps));
      case 'telematics.vehicle.down':
        return tenderLeftOver([event], deps);
      case 'carrier.status':
        if (event.data.status === 'exception') return onOutcome(event, deps, event.data.shipmentId, undefined, { at: event.data.at, exceptionCode: event.data.exceptionCode ?? 'exception' }, event.data.carrierId);
        return nothing;
      default:
        return nothing;
    }
  },
};
