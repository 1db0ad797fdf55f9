/** The Capacity agent: on a new order, checks credit and available-to-promise, then releases, splits, backorders or holds. */
import type { Ports } from '../connectors/index.ts';
import { DAY, HOUR, type MarshalEvent, type Order, toEpochSeconds, toIso } from '../domain/index.ts';
import { type Agent, type AgentDeps, type AgentOutput, propose } from './agent.ts';

/** Available to promise for one line: pickable now, plus what is on its way to the depot and when the last of it lands. */
export interface LineAtp {
  sku: string;
  ordered: number;
  pickable: number;
  locked: number;
  inTransit: number;
  arrivesBy: string | null;
}

/** Receiving and put-away after a delivery lands, before the goods can be picked. */
const PUTAWAY_SECONDS = 4 * HOUR;
/** Supplier lead time when nothing is on its way. */
const REORDER_SECONDS = 3 * DAY;

/** ATP of every line of an order at its depot, from WMS bins and ERP in-transit stock. */
export async function atpOf(ports: Ports, order: Order): Promise<LineAtp[]> {
  const t = order.tenant;
  return Promise.all(order.lines.map(async (line) => {
    const stock = await ports.wms.getPickableStock({ tenant: t, depotId: order.depotId, sku: line.sku });
    const transit = await ports.erp.getInTransit({ tenant: t, sku: line.sku, toDepotId: order.depotId });
    const locked = stock.bins.filter((b) => b.countLocked).reduce((s, b) => s + b.onHand - b.reserved, 0);
    return {
      sku: line.sku, ordered: line.qty, pickable: stock.pickable, locked,
      inTransit: transit.reduce((s, i) => s + i.qty, 0), arrivesBy: transit.map((i) => i.eta).sort().at(-1) ?? null,
    };
  }));
}

function describe(a: LineAtp): string {
  const parts = [`${a.sku}: ${a.pickable} pickable of ${a.ordered} ordered`];
  if (a.locked > 0) parts.push(`${a.locked} in bins locked for a cycle count`);
  if (a.inTransit > 0) parts.push(`${a.inTransit} in transit, landing by ${a.arrivesBy}`);
  return parts.join('; ');
}

/** When the short lines can ship: after the last in-transit delivery covering them is put away, or after a reorder. */
function promiseFor(short: readonly LineAtp[], now: number): string {
  const covered = short.every((a) => a.pickable + a.inTransit >= a.ordered && a.arrivesBy);
  if (!covered) return toIso(now + REORDER_SECONDS);
  const last = Math.max(...short.map((a) => toEpochSeconds(a.arrivesBy!)));
  return toIso(Math.max(now, last) + PUTAWAY_SECONDS);
}

async function onOrderCreated(event: Extract<MarshalEvent, { type: 'oms.order.created' }>, deps: AgentDeps): Promise<AgentOutput> {
  const { ports, clock } = deps;
  const order = await ports.oms.getOrder({ tenant: event.tenant, orderId: event.data.order.id });
  const target = { system: 'oms' as const, type: 'order' as const, id: order.id };
  const now = clock.now();
  const credit = await ports.erp.checkCredit({ tenant: order.tenant, customerId: order.customerId, amount: order.value });
  if (!credit.ok) {
    const reason = `credit check failed: ${credit.reason}`;
    return {
      notes: [reason],
      proposals: [propose('capacity', event, clock, {
        kind: 'order.hold', target, payload: { orderId: order.id, reason }, impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0.6 }, confidence: 0.95,
        explanation: {
          summary: `Hold ${order.id}: ${credit.reason}.`, constraints: [`order value ${order.value.amountMinor} minor units`, `available credit ${credit.available.amountMinor}`],
          inputs: { customerId: order.customerId, value: order.value, available: credit.available },
          alternatives: [{ summary: 'Release and invoice anyway', rejectedBecause: 'the customer is over its credit terms' }],
        },
      })],
    };
  }
  const atp = await atpOf(ports, order);
  const short = atp.filter((a) => a.pickable < a.ordered);
  const constraints = atp.map(describe);
  const inputs = { atp, depotId: order.depotId, windows: order.windows };
  if (short.length === 0) {
    return {
      notes: ['all lines available'],
      proposals: [propose('capacity', event, clock, {
        kind: 'order.release', target, payload: { orderId: order.id, reason: 'all lines available to promise' }, impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0.05 },
        confidence: 0.95, explanation: { summary: `Release ${order.id} to ${order.depotId}: every line can be picked now.`, constraints, inputs, alternatives: [] },
      })],
    };
  }
  const promisedBy = promiseFor(short, now);
  const backorder = short.map((a) => ({ sku: a.sku, qty: a.ordered - a.pickable }));
  const shipNow = atp.filter((a) => a.pickable > 0).map((a) => ({ sku: a.sku, qty: Math.min(a.pickable, a.ordered) }));
  const late = order.windows.every((w) => w.end < promisedBy);
  const slaRisk = late ? 0.9 : 0.3;
  const alternatives = [{ summary: 'Hold the whole order until stock arrives', rejectedBecause: shipNow.length > 0 ? 'part of it can ship now' : 'a backorder keeps the promise visible' }];
  if (shipNow.length > 0) {
    return {
      notes: [`split: ${backorder.length} line(s) short`],
      proposals: [propose('capacity', event, clock, {
        kind: 'order.split', target, payload: { orderId: order.id, shipNow, backorder, promisedBy }, impact: { costMinor: 1500, ordersAffected: 1, slaRisk },
        confidence: 0.85, explanation: { summary: `Split ${order.id}: ship what is in stock now, backorder the rest for ${promisedBy}.`, constraints, inputs, alternatives },
      })],
    };
  }
  return {
    notes: ['backorder: nothing can ship now'],
    proposals: [propose('capacity', event, clock, {
      kind: 'order.backorder', target, payload: { orderId: order.id, lines: backorder, promisedBy }, impact: { costMinor: 0, ordersAffected: 1, slaRisk },
      confidence: 0.85, explanation: { summary: `Backorder ${order.id} for ${promisedBy}: no line can be picked now.`, constraints, inputs, alternatives },
    })],
  };
}

export const capacityAgent: Agent = {
  name: 'capacity',
  async onEvent(event, deps) {
    if (event.type === 'oms.order.created') return onOrderCreated(event, deps);
    return { proposals: [], notes: [] };
  },
};
