/**
 * The Customer agent: tells the customer the ETA once a shipment is on a van and again when a re-plan moves it;
 * after a failed attempt, or when no van and no carrier can deliver today, reschedules and says so; warns when a
 * carrier's ETA slips past the window.
 */
import { DAY, type MarshalEvent, type Order, toEpochSeconds, toIso } from '../domain/index.ts';
import type { Customer, Shipment } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { type Agent, type AgentDeps, type AgentOutput, combine, eachInTurn, lastStanding, picksOf, propose } from './agent.ts';
import { ETA_CHANGE_SECONDS } from './dispatch-explain.ts';
import { quoteShipment } from './carrier-choice.ts';
import { leftToCarriers } from './left-over.ts';
import { placements } from './live-plan.ts';
import { phrase } from './wording.ts';

type EventOf<T extends MarshalEvent['type']> = Extract<MarshalEvent, { type: T }>;
const nothing: AgentOutput = { proposals: [], notes: [] };

/** Reasons after which a second attempt makes sense; a refusal or damage goes back to the depot instead. */
const RETRY_REASONS = new Set(['not_home', 'closed', 'access_denied', 'address_not_found']);

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;
const channelOf = (c: Customer) => (c.phone ? 'sms' : 'email') as 'sms' | 'email';

type Template = 'failed_attempt' | 'delay' | 'eta' | 'reschedule';

/** What a reworded notice must keep verbatim: the order id, every date and every clock time of the draft. */
function factsOf(orderId: string, draft: string): string[] {
  return [orderId, ...(draft.match(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2} UTC/g) ?? [])];
}

/**
 * True when the last notice proposed to this order's customer said the same (before any model's rewording): every
 * agent run that looks at a plan change would tell it again. A wave's re-plan moved an ETA once, yet each approval
 * in that wave ran Customer again and re-sent it: 8,000 of the first 14,090 notices of the bench day were repeats,
 * one customer got the same SMS 14 times in a minute.
 */
function toldAlready(deps: AgentDeps, tenant: string, orderId: string, draft: string): boolean {
  const last = lastStanding(deps, { tenant, orderId, agent: 'customer', kind: 'customer.notify' })?.explanation.inputs;
  return last !== undefined && (last.draft ?? last.body) === draft;
}

// One event may tell one customer about several orders (a re-plan): those notices are aimed at the order.
async function notify(event: MarshalEvent, deps: AgentDeps, order: Order, customer: Customer, template: Template, draft: string, why: string, perOrder = false) {
  const { body, model } = await phrase(deps, `customer.${template}`, draft, factsOf(order.id, draft));
  return {
    ...propose('customer', event, deps.clock, {
      kind: 'customer.notify', target: perOrder ? { system: 'notify', type: 'order', id: order.id } : { system: 'notify', type: 'customer', id: customer.id },
      payload: { customerId: customer.id, orderId: order.id, channel: channelOf(customer), template, body },
      impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 }, confidence: 0.9,
      explanation: {
        summary: why, constraints: [customer.phone ? 'customer has a phone number: SMS' : 'no phone number on file: email'],
        inputs: { template, body, ...(model ? { draft, wordedBy: model } : {}) }, alternatives: [],
      },
    }),
    ...(model ? { model } : {}),
  };
}

/** The order's first window moved on by whole days until it opens after `at`: the hours the customer chose, on a later day. */
function sameHoursAfter(first: { start: string; end: string }, at: number): { start: string; end: string } {
  const shift = Math.max(Math.ceil((at - toEpochSeconds(first.start) + 1) / DAY) * DAY, DAY);
  return { start: toIso(toEpochSeconds(first.start) + shift), end: toIso(toEpochSeconds(first.end) + shift) };
}

async function onFailed(event: EventOf<'driver.delivery.failed'>, deps: AgentDeps): Promise<AgentOutput> {
  const t = event.tenant;
  const d = event.data;
  const order = await deps.ports.oms.getOrder({ tenant: t, orderId: d.orderId });
  const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: order.customerId });
  if (!RETRY_REASONS.has(d.reasonCode)) {
    const body = `Your delivery ${order.id} could not be completed (${d.reasonCode.replace('_', ' ')}). The goods go back to our depot; we will contact you.`;
    return { notes: [`no second attempt after ${d.reasonCode}`], proposals: [await notify(event, deps, order, customer, 'failed_attempt', body, `Tell ${customer.name} that ${order.id} goes back to the depot after ${d.reasonCode}.`)] };
  }
  // The same hours on the next day: the customer chose them once already.
  const first = order.windows[0]!;
  const window = sameHoursAfter(first, toEpochSeconds(d.at));
  const body = `We missed you today (${d.reasonCode.replace('_', ' ')}). We will deliver ${order.id} again on ${window.start.slice(0, 10)} between ${hhmm(window.start)} and ${hhmm(window.end)}.`;
  const reschedule = propose('customer', event, deps.clock, {
    kind: 'delivery.reschedule', target: { system: 'oms', type: 'order', id: order.id },
    payload: { orderId: order.id, shipmentId: d.shipmentId, window, reason: `failed attempt: ${d.reasonCode}` },
    impact: { costMinor: 1500, ordersAffected: 1, slaRisk: 0.3 }, confidence: 0.85,
    explanation: {
      summary: `Deliver ${order.id} again ${window.start}–${window.end} after a failed attempt (${d.reasonCode}).`,
      constraints: [`the customer's original window ${first.start}–${first.end}, a day later`, `receiving hours ${customer.receivingOpensAt}–${customer.receivingClosesAt}`],
      inputs: { failedAt: d.at, reasonCode: d.reasonCode, note: d.note ?? null }, alternatives: [{ summary: 'Return to stock and cancel', rejectedBecause: 'the customer was absent, not unwilling' }],
    },
  });
  // The notice names the new window: it goes out only once the reschedule does (after a review, if it needs one).
  const notice = await notify(event, deps, order, customer, 'failed_attempt', body, `Tell ${customer.name} about the failed attempt and the new window.`);
  return { notes: [`reschedule to ${window.start}`], proposals: [reschedule, { ...notice, requires: reschedule.id }] };
}

/**
 * The delivery of a shipment nobody can take today (no own van, and no carrier: `why`) moves to the same hours on the
 * next day, and the customer hears so, without a carrier named (the tender-rejection SOP). Executed, the reschedule
 * takes the shipment out of today's plan; left alone, it would wait unseen all day, planned and explained at every
 * wave. The notice is aimed at the order: one run may move several orders of one customer.
 */
async function moveToNextDay(event: MarshalEvent, deps: AgentDeps, shipment: Shipment, why: string, inputs: Record<string, unknown>): Promise<AgentOutput> {
  const t = event.tenant;
  const order = await deps.ports.oms.getOrder({ tenant: t, orderId: shipment.orderIds[0]! });
  const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: shipment.customerId });
  const first = shipment.windows[0]!;
  const window = sameHoursAfter(first, deps.clock.now());
  const body = `We cannot deliver your order ${order.id} today as planned: we have no transport capacity left for it. We will deliver it on ${window.start.slice(0, 10)} between ${hhmm(window.start)} and ${hhmm(window.end)}. We are sorry for the change.`;
  const reschedule = propose('customer', event, deps.clock, {
    kind: 'delivery.reschedule', target: { system: 'oms', type: 'order', id: order.id },
    payload: { orderId: order.id, shipmentId: shipment.id, window, reason: `undeliverable today: ${why}` },
    // Today's promise is lost already, whatever is done; the risk this action carries is the new day's, as after a
    // failed attempt.
    impact: { costMinor: 0, ordersAffected: shipment.orderIds.length, slaRisk: 0.3 }, confidence: 0.8,
    explanation: {
      summary: `Deliver ${order.id} on ${window.start.slice(0, 10)}, ${hhmm(window.start)}–${hhmm(window.end)}: ${why}.`,
      constraints: [`the customer's window ${first.start}–${first.end}, on the next day`, `receiving hours ${customer.receivingOpensAt}–${customer.receivingClosesAt}`],
      inputs: { ...inputs, shipmentStatus: shipment.status },
      alternatives: [{ summary: 'Leave it unassigned today', rejectedBecause: 'nobody would deliver it, and the customer would not know' }],
    },
  });
  // The notice names the new day: it goes out only once the reschedule does (after a review, if it needs one).
  const notice = await notify(event, deps, order, customer, 'reschedule', body, `Tell ${customer.name} that ${order.id} comes on ${window.start.slice(0, 10)} instead.`, true);
  return { notes: [`${shipment.id}: ${why}; reschedule to ${window.start}`], proposals: [reschedule, { ...notice, requires: reschedule.id }] };
}

/** True when the shipment's delivery was moved already, or waits for a reviewer to say so: it is not moved twice. */
function movedAlready(deps: AgentDeps, tenant: string, shipmentId: string): boolean {
  return lastStanding(deps, { tenant, shipmentId, kind: 'delivery.reschedule', agent: 'customer' }) !== undefined;
}

/**
 * A carrier turned the shipment down and the Carrier agent had no other to ask (it tendered nothing again): no own
 * van could take it either, or it would not have been tendered.
 */
async function onTenderRejected(event: EventOf<'carrier.tender.rejected'>, deps: AgentDeps): Promise<AgentOutput> {
  const t = event.tenant;
  const d = event.data;
  const shipment = deps.store.shipments.get(t, d.shipmentId);
  if (!shipment || (shipment.status !== 'ready' && shipment.status !== 'planned') || movedAlready(deps, t, shipment.id)) return nothing;
  const retendered = queryDecisions(deps.store.db, { tenant: t, eventId: event.id, agent: 'carrier', kind: 'carrier.tender' }).entries;
  if (retendered.length > 0) return { proposals: [], notes: [`${d.shipmentId} is tendered again after ${d.carrierId} rejected it`] };
  return moveToNextDay(event, deps, shipment, `no own van can take it and no carrier is left after ${d.carrierId} rejected it (${d.reason})`, { rejectedBy: d.carrierId, reason: d.reason });
}

/**
 * What these events' plan newly leaves to carriers (as the Carrier agent reads it) and no carrier quotes for at all:
 * the Carrier agent cannot tender it, so nobody will deliver it today.
 */
async function noCarrierQuotes(events: readonly MarshalEvent[], deps: AgentDeps): Promise<AgentOutput> {
  const outputs: AgentOutput[] = [];
  for (const { shipment, reasons } of leftToCarriers(events, deps)) {
    if (movedAlready(deps, shipment.tenant, shipment.id)) continue;
    const customer = await deps.ports.erp.getCustomer({ tenant: shipment.tenant, customerId: shipment.customerId });
    const { quotes } = await quoteShipment(deps.ports, shipment, customer.zone, deps.clock.now());
    if (quotes.length > 0) continue;
    const own = events.find((e) => 'shipmentId' in e.data && e.data.shipmentId === shipment.id) ?? events[0]!;
    outputs.push(await moveToNextDay(own, deps, shipment, `no own van can take it (${reasons.join(', ')}) and no carrier serves its lane`, { unassignedBecause: reasons }));
  }
  return combine(...outputs);
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
  return { notes: [`ETA ${late} min past the window`], proposals: [await notify(event, deps, order, customer, 'delay', body, `${d.carrierId} now expects ${d.shipmentId} ${late} min after the window closes.`)] };
}

/**
 * The ETA notice for a shipment now on a van (its ETA is stored): no proposal when its customer was told this already,
 * undefined when it has no ETA yet.
 */
async function etaNotice(event: MarshalEvent, deps: AgentDeps, shipmentId: string) {
  const t = event.tenant;
  const shipment = deps.store.shipments.get(t, shipmentId);
  const eta = shipment?.status === 'assigned' ? deps.store.etas.get(t, shipment.id) : undefined;
  if (!shipment || !eta) return undefined;
  const order = await deps.ports.oms.getOrder({ tenant: t, orderId: shipment.orderIds[0]! });
  const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: shipment.customerId });
  const body = `Your order ${order.id} is planned for delivery on ${eta.eta.slice(0, 10)} at about ${hhmm(eta.eta)}, within your window ${hhmm(eta.window.start)}–${hhmm(eta.window.end)}.`;
  if (toldAlready(deps, t, order.id, body)) return { eta, proposal: undefined };
  return { eta, proposal: await notify(event, deps, order, customer, 'eta', body, `Tell ${customer.name} the ETA of ${order.id} on ${eta.vehicleId ?? 'its van'}: ${eta.eta}.`, true) };
}

/** Each picked shipment now on a van: its customer hears the ETA; customers whose ETA the insertions moved hear the new one. */
async function onPicked(events: readonly EventOf<'wms.pick.completed'>[], deps: AgentDeps): Promise<AgentOutput> {
  const outputs: AgentOutput[] = [];
  for (const event of events) {
    const first = await etaNotice(event, deps, event.data.shipmentId);
    if (!first) outputs.push({ notes: [`${event.data.shipmentId} has no ETA yet: the customer hears once it is on a van`], proposals: [] });
    else if (!first.proposal) outputs.push({ notes: [`ETA ${first.eta.eta} for ${event.data.orderId}: told already`], proposals: [] });
    else outputs.push({ notes: [`ETA ${first.eta.eta} for ${event.data.orderId}`], proposals: [first.proposal] });
  }
  const moved = await changedEtas(events, deps, new Set(events.map((e) => e.data.shipmentId)));
  return combine(...outputs, moved, await noCarrierQuotes(events, deps));
}

/**
 * After Dispatch's executed assignment or re-plan for these events: every customer who was given an ETA hears when
 * it moved by a quarter of an hour or more, or that the delivery is being re-arranged when no van can take it; a
 * shipment that waited for a van and now has one is told its ETA. Shipments in `skip` are told by the caller.
 * An action waiting for review has changed nothing yet, so it tells nobody.
 */
async function changedEtas(events: readonly MarshalEvent[], deps: AgentDeps, skip: ReadonlySet<string> = new Set()): Promise<AgentOutput> {
  const event = events[0]!;
  const t = event.tenant;
  const mine = events.flatMap((e) => queryDecisions(deps.store.db, { tenant: t, eventId: e.id, agent: 'dispatch' }).entries)
    .filter((e) => e.kind === 'route.assign' || e.kind === 'route.replan');
  // A batch's picks at several depots saved one plan version each: the first one's predecessor is the plan before them.
  const versions = mine.filter((e) => e.outcome === 'executed' && e.proposal).map((e) => Number(e.proposal!.payload.planVersion));
  if (versions.length === 0) return { proposals: [], notes: mine.length > 0 ? ['plan change not executed: customers are told once it is'] : [] };
  const before = deps.store.plans.version(t, Math.min(...versions) - 1);
  if (!before) return nothing;
  const proposals = [];
  const planned = placements(before);
  // The stored columns tell which of the plan's shipments moved; only those are read in full.
  const since = deps.store.movedSince(t, before.unassigned.map((u) => u.shipmentId), planned, ETA_CHANGE_SECONDS);
  // Shipments that waited for a van and now have one: their customers hear the ETA for the first time (or anew).
  for (const shipmentId of since.placed) {
    const placed = skip.has(shipmentId) ? undefined : await etaNotice(event, deps, shipmentId);
    if (placed?.proposal) proposals.push(placed.proposal);
  }
  const moved = since.moved.filter((id) => !skip.has(id)).map((id) => [id, planned.get(id)!] as const);
  for (const [shipmentId, was] of moved) {
    const shipment = deps.store.shipments.get(t, shipmentId);
    if (!shipment) continue;
    const eta = shipment.status === 'assigned' ? deps.store.etas.get(t, shipmentId) : undefined;
    const order = await deps.ports.oms.getOrder({ tenant: t, orderId: shipment.orderIds[0]! });
    const told = await deps.ports.notify.listMessages({ tenant: t, orderId: order.id });
    if (!told.some((m) => m.template === 'eta' && m.status === 'sent')) continue;
    const customer = await deps.ports.erp.getCustomer({ tenant: t, customerId: shipment.customerId });
    if (!eta) {
      const body = `We are re-arranging the delivery of your order ${order.id} after a change in our plan; it will not come at ${hhmm(was.eta)}. We will confirm a new time shortly.`;
      if (toldAlready(deps, t, order.id, body)) continue;
      proposals.push(await notify(event, deps, order, customer, 'delay', body, `${shipmentId} lost its van in the re-plan: tell ${customer.name} the ${hhmm(was.eta)} ETA no longer holds.`, true));
      continue;
    }
    const late = eta.eta > eta.window.end;
    const body = late
      ? `Your delivery ${order.id} is running late: now expected at ${hhmm(eta.eta)} instead of ${hhmm(was.eta)}, after your window closes at ${hhmm(eta.window.end)}. We are sorry for the wait.`
      : `Your delivery ${order.id} is now expected at ${hhmm(eta.eta)} instead of ${hhmm(was.eta)}, still within your window ${hhmm(eta.window.start)}–${hhmm(eta.window.end)}.`;
    if (toldAlready(deps, t, order.id, body)) continue;
    proposals.push(await notify(event, deps, order, customer, late ? 'delay' : 'eta', body, `The plan moved the ETA of ${shipmentId} from ${was.eta} to ${eta.eta}.`, true));
  }
  return { notes: proposals.length > 0 ? [`${proposals.length} customer(s) told of a changed ETA`] : [], proposals };
}

export const customerAgent: Agent = {
  name: 'customer',
  // A route approved gives shipments a van and moves ETAs: the customers hear. A tender, a door or a load order
  // approved tells a customer nothing new.
  afterApproval: ['route.assign', 'route.replan'],
  batches: ['wms.pick.completed', 'driver.pod.captured'],
  async onBatch(events, deps) {
    const picks = picksOf(events);
    // A POD's notices answer the POD whose re-plan moved the ETA, as when it runs alone.
    return picks ? onPicked(picks, deps) : eachInTurn(customerAgent, events, deps);
  },
  async onEvent(event, deps) {
    if (event.type === 'driver.delivery.failed') return combine(await onFailed(event, deps), await changedEtas([event], deps), await noCarrierQuotes([event], deps));
    if (event.type === 'driver.pod.captured') return combine(await changedEtas([event], deps), await noCarrierQuotes([event], deps));
    if (event.type === 'carrier.status') return onCarrierStatus(event, deps);
    if (event.type === 'carrier.tender.rejected') return onTenderRejected(event, deps);
    if (event.type === 'wms.pick.completed') return onPicked([event], deps);
    if (event.type === 'telematics.vehicle.down') return combine(await changedEtas([event], deps), await noCarrierQuotes([event], deps));
    if (event.type === 'erp.order.priority_changed') return changedEtas([event], deps);
    return nothing;
  },
};
