/** The Customer agent: after a failed attempt, reschedules and tells the customer; warns when a carrier's ETA slips past the window. */
import { DAY, type MarshalEvent, type Order, toEpochSeconds, toIso } from '../domain/index.ts';
import type { Customer } from '../domain/index.ts';
import { type Agent, type AgentDeps, type AgentOutput, propose } from './agent.ts';

type EventOf<T extends MarshalEvent['type']> = Extract<MarshalEvent, { type: T }>;
const nothing: AgentOutput = { proposals: [], notes: [] };

/** Reasons after which a second attempt makes sense; a refusal or damage goes back to the depot instead. */
const RETRY_REASONS = new Set(['not_home', 'closed', 'access_denied', 'address_not_found']);

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;
const channelOf = (c: Customer) => (c.phone ? 'sms' : 'email') as 'sms' | 'email';

function notify(event: MarshalEvent, deps: AgentDeps, order: Order, customer: Customer, template: 'failed_attempt' | 'delay', body: string, why: string) {
  return propose('customer', event, deps.clock, {
    kind: 'customer.notify', target: { system: 'notify', type: 'customer', id: customer.id },
    payload: { customerId: customer.id, orderId: order.id, channel: channelOf(customer), template, body },
    impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 }, confidence: 0.9,
    explanation: { summary: why, constraints: [customer.phone ? 'customer has a phone number: SMS' : 'no phone number on file: email'], inputs: { template, body }, alternatives: [] },
  });
}

async function onFailed(event: EventOf<'driver.delivery.failed'>, deps: AgentDeps): Promise<AgentOutput> {
  const t = event.tenant;
  const d = event.data;
  const order = await deps.ports.oms.getOrder({ tenant: t, orderId: d.orderId });
  const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: order.customerId });
  if (!RETRY_REASONS.has(d.reasonCode)) {
    const body = `Your delivery ${order.id} could not be completed (${d.reasonCode.replace('_', ' ')}). The goods go back to our depot; we will contact you.`;
    return { notes: [`no second attempt after ${d.reasonCode}`], proposals: [notify(event, deps, order, customer, 'failed_attempt', body, `Tell ${customer.name} that ${order.id} goes back to the depot after ${d.reasonCode}.`)] };
  }
  // The same hours on the next day: the customer chose them once already.
  const first = order.windows[0]!;
  const shift = Math.ceil((toEpochSeconds(d.at) - toEpochSeconds(first.start) + 1) / DAY) * DAY;
  const window = { start: toIso(toEpochSeconds(first.start) + Math.max(shift, DAY)), end: toIso(toEpochSeconds(first.end) + Math.max(shift, DAY)) };
  const body = `We missed you today (${d.reasonCode.replace('_', ' ')}). We will deliver ${order.id} again on ${window.start.slice(0, 10)} between ${hhmm(window.start)} and ${hhmm(window.end)}.`;
  return {
    notes: [`reschedule to ${window.start}`],
    proposals: [
      propose('customer', event, deps.clock, {
        kind: 'delivery.reschedule', target: { system: 'oms', type: 'order', id: order.id },
        payload: { orderId: order.id, shipmentId: d.shipmentId, window, reason: `failed attempt: ${d.reasonCode}` },
        impact: { costMinor: 1500, ordersAffected: 1, slaRisk: 0.3 }, confidence: 0.85,
        explanation: {
          summary: `Deliver ${order.id} again ${window.start}–${window.end} after a failed attempt (${d.reasonCode}).`,
          constraints: [`the customer's original window ${first.start}–${first.end}, a day later`, `receiving hours ${customer.receivingOpensAt}–${customer.receivingClosesAt}`],
          inputs: { failedAt: d.at, reasonCode: d.reasonCode, note: d.note ?? null }, alternatives: [{ summary: 'Return to stock and cancel', rejectedBecause: 'the customer was absent, not unwilling' }],
        },
      }),
      notify(event, deps, order, customer, 'failed_attempt', body, `Tell ${customer.name} about the failed attempt and the new window.`),
    ],
  };
}

async function onCarrierStatus(event: EventOf<'carrier.status'>, deps: AgentDeps): Promise<AgentOutput> {
  const d = event.data;
  if (!d.eta) return nothing;
  const shipment = deps.store.shipments.get(event.tenant, d.shipmentId);
  if (!shipment) return nothing;
  const window = shipment.windows[0]!;
  if (d.eta <= window.end) return nothing;
  const order = await deps.ports.oms.getOrder({ tenant: event.tenant, orderId: shipment.orderIds[0]! });
  const customer = await deps.ports.erp.getCustomer({ tenant: event.tenant, customerId: shipment.customerId });
  const late = Math.round((toEpochSeconds(d.eta) - toEpochSeconds(window.end)) / 60);
  const body = `Your delivery ${order.id} is running late: now expected at ${hhmm(d.eta)} instead of by ${hhmm(window.end)}. We are sorry for the wait.`;
  return { notes: [`ETA ${late} min past the window`], proposals: [notify(event, deps, order, customer, 'delay', body, `${d.carrierId} now expects ${d.shipmentId} ${late} min after the window closes.`)] };
}

export const customerAgent: Agent = {
  name: 'customer',
  async onEvent(event, deps) {
    if (event.type === 'driver.delivery.failed') return onFailed(event, deps);
    if (event.type === 'carrier.status') return onCarrierStatus(event, deps);
    return nothing;
  },
};
