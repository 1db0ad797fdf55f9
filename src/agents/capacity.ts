/** The Capacity agent: on a new order, checks credit and available-to-promise, then releases, splits, backorders or holds. */
import type { MarshalEvent } from '../domain/index.ts';
import { type Agent, type AgentDeps, type AgentOutput, allOf, combine, eachInTurn, propose } from './agent.ts';
import { atpOf, describeAtp, promiseFor } from '../tools/atp.ts';
import { describeFleetDemand, fleetDemand, overCapacity } from './fleet-demand.ts';
import { onTaskException } from './stock-exception.ts';

type OrderCreated = Extract<MarshalEvent, { type: 'oms.order.created' }>;

/**
 * Stock the earlier orders of a batch were released against (`depot|sku` to quantity), and the orders still to come:
 * their releases are executed only after the batch, so this is what each later order's check must see, as it would
 * had each order run on its own.
 */
interface BatchSoFar {
  released: Map<string, number>;
  later: readonly string[];
}

const stockKey = (depotId: string, sku: string) => `${depotId}|${sku}`;

async function onOrderCreated(event: OrderCreated, deps: AgentDeps, batch: BatchSoFar = { released: new Map(), later: [] }): Promise<AgentOutput> {
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
  const atp = (await atpOf(ports, order)).map((a) => {
    const taken = batch.released.get(stockKey(order.depotId, a.sku)) ?? 0;
    return taken > 0 ? { ...a, pickable: Math.max(0, a.pickable - taken) } : a;
  });
  const short = atp.filter((a) => a.pickable < a.ordered);
  const fleet = fleetDemand(deps.store, order.tenant, order.depotId, order.windows[0]!.start.slice(0, 10), batch.later);
  const constraints = [...atp.map(describeAtp), describeFleetDemand(fleet)];
  const inputs = { atp, depotId: order.depotId, windows: order.windows, fleet };
  if (short.length === 0) {
    // Releasing allocates every line in full.
    for (const line of order.lines) {
      const key = stockKey(order.depotId, line.sku);
      batch.released.set(key, (batch.released.get(key) ?? 0) + line.qty);
    }
    return {
      notes: ['all lines available', ...(overCapacity(fleet) ? [describeFleetDemand(fleet)] : [])],
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

/** New orders in arrival order, each checked against the stock the batch's earlier releases took. */
async function onOrders(events: readonly OrderCreated[], deps: AgentDeps): Promise<AgentOutput> {
  const released = new Map<string, number>();
  const outputs: AgentOutput[] = [];
  for (const [i, event] of events.entries()) {
    outputs.push(await onOrderCreated(event, deps, { released, later: events.slice(i + 1).map((e) => e.data.order.id) }));
  }
  return combine(...outputs);
}

export const capacityAgent: Agent = {
  name: 'capacity',
  batches: ['oms.order.created'],
  async onBatch(events, deps) {
    const orders = allOf(events, 'oms.order.created');
    return orders ? onOrders(orders, deps) : eachInTurn(capacityAgent, events, deps);
  },
  async onEvent(event, deps) {
    if (event.type === 'oms.order.created') return onOrderCreated(event, deps);
    if (event.type === 'wms.task.exception') return onTaskException(event, deps);
    return { proposals: [], notes: [] };
  },
};
