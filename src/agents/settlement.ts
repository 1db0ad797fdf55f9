/** The Settlement agent: bills after proof of delivery (ours or a carrier's), reconciles carrier invoices, expects failed deliveries back, restocks returns. */
import { type MarshalEvent, MarshalError, type Money, roadMetres, toEpochSeconds, toIso } from '../domain/index.ts';
import { type Agent, type AgentDeps, type AgentOutput, eachInTurn, lastStanding, propose, standing } from './agent.ts';

/** A carrier may be off by this share of the tendered amount (or this many minor units, whichever is more). */
export const INVOICE_TOLERANCE = { share: 0.02, minMinor: 500 };
/** Average urban speed for costing a drop with our own fleet, m/s (40 km/h). */
const OWN_FLEET_SPEED_MPS = 40_000 / 3600;

type EventOf<T extends MarshalEvent['type']> = Extract<MarshalEvent, { type: T }>;

/** Freight of one drop: the carrier's tendered price, or our own vehicle's cost of the round trip and the stop. */
async function freightOf(deps: AgentDeps, tenant: string, shipmentId: string, vehicleId: string | undefined, depotId: string, customerLocation: { lat: number; lon: number }, serviceSeconds: number, currency: string) {
  const tendered = await deps.ports.carrier.getStatus({ tenant, shipmentId }).catch((error: unknown) => {
    if (error instanceof MarshalError && error.code === 'not_found') return undefined;
    throw error;
  });
  if (tendered) return { amount: tendered.amount, basis: `tendered to ${tendered.carrierId} at ${tendered.amount.amountMinor}`, carrierId: tendered.carrierId };
  const vehicle = vehicleId ? deps.store.vehicles.get(tenant, vehicleId) : undefined;
  if (!vehicle) return { amount: { amountMinor: 0, currency }, basis: 'no vehicle or carrier on record: no freight accrued' };
  const depot = await deps.ports.wms.getDepot({ tenant, depotId });
  const metres = 2 * roadMetres(depot.location, customerLocation);
  const hours = (metres / OWN_FLEET_SPEED_MPS + serviceSeconds) / 3600;
  const amountMinor = Math.round((metres / 1000) * vehicle.costPerKm.amountMinor + hours * vehicle.costPerHour.amountMinor);
  return { amount: { amountMinor, currency: vehicle.costPerKm.currency }, basis: `${vehicle.id}: ${Math.round(metres / 1000)} km round trip and ${hours.toFixed(2)} h` };
}

/**
 * True when Settlement already answered this event with an action of `kind` (executed, or waiting for review). A pass
 * after an approval (a van's next trip placed on a POD, say) runs Settlement again for the same event, and its money
 * and stock actions went out again: 7 customers were invoiced twice by simulated 09:00 on the bench day.
 */
function answeredAlready(deps: AgentDeps, event: MarshalEvent, kind: 'invoice.post' | 'invoice.dispute' | 'return.expect' | 'return.restock'): boolean {
  return lastStanding(deps, { tenant: event.tenant, eventId: event.id, agent: 'settlement', kind }) !== undefined;
}

/** True when the shipment's customer invoice was posted (or waits for review) already: a POD sent twice bills once. */
function invoicedAlready(deps: AgentDeps, tenant: string, shipmentId: string): boolean {
  return standing(deps, { tenant, shipmentId, agent: 'settlement', kind: 'invoice.post' }).some((e) => e.proposal?.payload.invoice === 'customer');
}

/** What a delivery tells Settlement: by our own van (a POD) or by a carrier (its delivered status). */
interface Delivery {
  orderId: string;
  shipmentId: string;
  deliveredAt: string;
  vehicleId?: string | undefined;
  carrierId?: string | undefined;
  signedBy: string | null;
}

async function onPod(event: EventOf<'driver.pod.captured'>, deps: AgentDeps): Promise<AgentOutput> {
  const d = event.data;
  return invoiceDelivery(event, deps, { orderId: d.orderId, shipmentId: d.shipmentId, deliveredAt: d.deliveredAt, vehicleId: d.vehicleId, carrierId: d.carrierId, signedBy: d.signedBy });
}

/**
 * A carrier delivered the shipment: it is billed like one our own van delivered. Before, Settlement billed on a POD
 * only, and the orders carriers delivered (140 on the bench day) were never invoiced.
 */
async function onCarrierDelivered(event: EventOf<'carrier.status'>, deps: AgentDeps): Promise<AgentOutput> {
  const d = event.data;
  if (d.status !== 'delivered') return { proposals: [], notes: [] };
  const shipment = deps.store.shipments.get(event.tenant, d.shipmentId);
  if (!shipment) return { proposals: [], notes: [`shipment ${d.shipmentId} is not in the dispatch state: nothing to bill`] };
  return invoiceDelivery(event, deps, { orderId: shipment.orderIds[0]!, shipmentId: d.shipmentId, deliveredAt: d.at, carrierId: d.carrierId, signedBy: null });
}

async function invoiceDelivery(event: MarshalEvent, deps: AgentDeps, d: Delivery): Promise<AgentOutput> {
  const t = event.tenant;
  if (invoicedAlready(deps, t, d.shipmentId)) return { proposals: [], notes: [`${d.shipmentId} is invoiced already`] };
  const order = await deps.ports.oms.getOrder({ tenant: t, orderId: d.orderId });
  const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: order.customerId });
  const shipment = deps.store.shipments.get(t, d.shipmentId);
  const freight = await freightOf(deps, t, d.shipmentId, d.vehicleId ?? shipment?.vehicleId, order.depotId, customer.location, order.serviceSeconds, order.value.currency);
  const delivered = toEpochSeconds(d.deliveredAt);
  const onTime = order.windows.some((w) => delivered >= toEpochSeconds(w.start) && delivered <= toEpochSeconds(w.end));
  const committed = order.windows.map((w) => `${w.start}–${w.end}`).join(' or ');
  const carrierId = d.carrierId ?? freight.carrierId;
  return {
    notes: [`${d.signedBy === null ? 'carrier delivery' : 'POD'} ${onTime ? 'on time' : 'late'}`],
    proposals: [propose('settlement', event, deps.clock, {
      kind: 'invoice.post', target: { system: 'erp', type: 'order', id: order.id },
      payload: { invoice: 'customer', orderId: order.id, shipmentId: d.shipmentId, deliveredAt: d.deliveredAt, amount: order.value, freight: freight.amount, ...(carrierId ? { carrierId } : {}) },
      impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 }, confidence: 0.95,
      explanation: {
        summary: `Invoice ${order.id} after delivery at ${d.deliveredAt} (${onTime ? 'within' : 'outside'} the committed window ${committed}); accrue freight ${freight.amount.amountMinor}.`,
        constraints: [`freight: ${freight.basis}`, `SLA: delivered ${d.deliveredAt}, committed ${committed}, ${onTime ? 'on time' : 'late'}`],
        inputs: { signedBy: d.signedBy, value: order.value, freight: freight.amount, onTime, slaTier: order.slaTier }, alternatives: [],
      },
    })],
  };
}

async function onInvoice(event: EventOf<'carrier.invoice.received'>, deps: AgentDeps): Promise<AgentOutput> {
  const t = event.tenant;
  const d = event.data;
  const shipments = [...new Set(d.lines.map((l) => l.shipmentId))];
  let expected = 0;
  const found: string[] = [];
  for (const shipmentId of shipments) {
    const tender = await deps.ports.carrier.getStatus({ tenant: t, shipmentId }).catch(() => undefined);
    if (tender && tender.carrierId === d.carrierId) expected += tender.amount.amountMinor;
    else found.push(`${shipmentId} was not tendered to ${d.carrierId}`);
  }
  const over = d.total.amountMinor - expected;
  const tolerance = Math.max(Math.round(expected * INVOICE_TOLERANCE.share), INVOICE_TOLERANCE.minMinor);
  const extras = d.lines.filter((l) => l.chargeCode !== 'FRT').map((l) => `${l.chargeCode} ${l.amount.amountMinor} on ${l.shipmentId}`);
  const constraints = [`tendered ${expected}, invoiced ${d.total.amountMinor}, tolerance ${tolerance}`, ...extras.map((x) => `extra charge: ${x}`), ...found];
  const inputs = { expectedMinor: expected, invoicedMinor: d.total.amountMinor, tolerance, lines: d.lines };
  const target = { system: 'carrier' as const, type: 'invoice' as const, id: d.invoiceId };
  if (over > tolerance) {
    const overcharge: Money = { amountMinor: over, currency: d.total.currency };
    const reason = `invoiced ${d.total.amountMinor} against ${expected} tendered${extras.length ? `; unagreed ${extras.join(', ')}` : ''}`;
    return {
      notes: [`dispute: ${over} over`],
      proposals: [propose('settlement', event, deps.clock, {
        kind: 'invoice.dispute', target, payload: { invoiceId: d.invoiceId, carrierId: d.carrierId, overcharge, reason },
        impact: { costMinor: -over, ordersAffected: shipments.length, slaRisk: 0 }, confidence: 0.9,
        explanation: { summary: `Dispute ${d.invoiceId} from ${d.carrierId}: ${over} over the tendered rates, beyond the ${tolerance} tolerance.`, constraints, inputs,
          alternatives: [{ summary: 'Pay as invoiced', rejectedBecause: 'the difference is beyond tolerance and not agreed in a tender' }] },
      })],
    };
  }
  return {
    notes: ['invoice matches tenders'],
    proposals: [propose('settlement', event, deps.clock, {
      kind: 'invoice.post', target, payload: { invoice: 'carrier', invoiceId: d.invoiceId, carrierId: d.carrierId, amount: d.total },
      impact: { costMinor: Math.max(0, over), ordersAffected: shipments.length, slaRisk: 0 }, confidence: 0.95,
      explanation: { summary: `Approve ${d.invoiceId} from ${d.carrierId}: within ${tolerance} of the tendered rates.`, constraints, inputs, alternatives: [] },
    })],
  };
}

async function onReturn(event: EventOf<'driver.return.initiated'>, deps: AgentDeps): Promise<AgentOutput> {
  const d = event.data;
  const condition = d.reason === 'damaged' ? 'damaged' : 'sellable';
  return {
    notes: [`restock ${condition}`],
    proposals: [propose('settlement', event, deps.clock, {
      kind: 'return.restock', target: { system: 'wms', type: 'order', id: d.orderId },
      payload: { orderId: d.orderId, depotId: d.depotId, lines: d.lines, condition },
      impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 }, confidence: 0.9,
      explanation: {
        summary: `Restock the return of ${d.orderId} at ${d.depotId} as ${condition} (${d.reason}).`,
        constraints: [condition === 'damaged' ? 'damaged goods go to quarantine, not to a pickable bin' : 'sellable goods go back to the returns bin'],
        inputs: { lines: d.lines, reason: d.reason }, alternatives: [],
      },
    })],
  };
}

/** Goods of a failed delivery ride back to their depot: the WMS is told what to expect and from when. */
async function onFailedDelivery(event: EventOf<'driver.delivery.failed'>, deps: AgentDeps): Promise<AgentOutput> {
  const t = event.tenant;
  const d = event.data;
  const order = await deps.ports.oms.getOrder({ tenant: t, orderId: d.orderId });
  const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: order.customerId });
  const depot = await deps.ports.wms.getDepot({ tenant: t, depotId: order.depotId });
  const metres = roadMetres(customer.location, depot.location);
  // The earliest the goods can be back: straight from the failed stop; the dock expects them from then on.
  const expectedAt = toIso(toEpochSeconds(d.at) + Math.round(metres / OWN_FLEET_SPEED_MPS));
  const lines = order.lines.map((l) => ({ sku: l.sku, qty: l.qty }));
  return {
    notes: [`failed delivery (${d.reasonCode}): ${lines.length} line(s) expected back at ${depot.id}`],
    proposals: [propose('settlement', event, deps.clock, {
      kind: 'return.expect', target: { system: 'wms', type: 'order', id: d.orderId },
      payload: { orderId: d.orderId, shipmentId: d.shipmentId, depotId: depot.id, lines, reason: `failed delivery: ${d.reasonCode}`, expectedAt },
      impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 }, confidence: 0.9,
      explanation: {
        summary: `Expect ${d.orderId} back at ${depot.id} from ${expectedAt}: the delivery failed (${d.reasonCode}).`,
        constraints: [`${Math.round(metres / 1000)} km from ${customer.id} back to ${depot.id}`],
        inputs: { shipmentId: d.shipmentId, vehicleId: d.vehicleId ?? null, reasonCode: d.reasonCode, lines }, alternatives: [],
      },
    })],
  };
}

const answered: AgentOutput = { proposals: [], notes: ['answered already'] };

export const settlementAgent: Agent = {
  name: 'settlement',
  // Invoices, returns and restocks answer the event itself, never what another agent had approved.
  afterApproval: [],
  // Each POD is invoiced on its own; a batch only saves the graph runs. A POD sent twice in one batch bills once: the
  // first one's invoice is not in the log until the gate decides it, after the batch.
  batches: ['driver.pod.captured'],
  onBatch(events, deps) {
    const seen = new Set<string>();
    const once = events.filter((e) => {
      if (e.type !== 'driver.pod.captured') return true;
      if (seen.has(e.data.shipmentId)) return false;
      seen.add(e.data.shipmentId);
      return true;
    });
    return eachInTurn(settlementAgent, once, deps);
  },
  async onEvent(event, deps) {
    switch (event.type) {
      case 'driver.pod.captured':
        return onPod(event, deps);
      case 'carrier.invoice.received':
        return answeredAlready(deps, event, 'invoice.post') || answeredAlready(deps, event, 'invoice.dispute') ? answered : onInvoice(event, deps);
      case 'driver.return.initiated':
        return answeredAlready(deps, event, 'return.restock') ? answered : onReturn(event, deps);
      case 'driver.delivery.failed':
        return answeredAlready(deps, event, 'return.expect') ? answered : onFailedDelivery(event, deps);
      case 'carrier.status':
        return onCarrierDelivered(event, deps);
      default:
        return { proposals: [], notes: [] };
    }
  },
};
