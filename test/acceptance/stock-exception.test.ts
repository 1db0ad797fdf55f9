import { describe, expect, it } from 'vitest';
import { capacityAgent } from '../../src/agents/capacity.ts';
import { queryDecisions } from '../../src/ledger/index.ts';
import { tinyOrder } from '../fixtures/tiny-day.ts';
import { openTinyApi } from '../fixtures/tiny-api.ts';

const exception = (orderId: string, sku: string, expectedQty: number, foundQty: number) =>
  ({ taskId: `t-${orderId}`, orderId, depotId: 'north', sku, kind: 'stock_out', expectedQty, foundQty });

async function setup(order = tinyOrder('o-1')) {
  const api = await openTinyApi({ capacity: capacityAgent });
  await api.ports.oms.createOrder({ order });
  const decisions = () => queryDecisions(api.store.db, { tenant: 'acme', orderId: order.id }).entries;
  return { ...api, decisions };
}

describe('acceptance: a stock-out exception', () => {
  it('proposes an allowed substitute in stock for planner review; after approval the order line carries it', async () => {
    const api = await setup();
    expect((await api.sendEvent('wms.task.exception', exception('o-1', 'milk', 4, 0))).status).toBe(202);
    const [proposal] = api.decisions();
    expect(proposal).toMatchObject({ kind: 'order.substitute', level: 'L1', outcome: 'queued' });
    expect(proposal!.explanation.summary).toMatch(/Substitute milk-b .* for milk on o-1/);
    expect((await api.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).lines[0]!.sku).toBe('milk');

    const [review] = (await (await api.call('dispatcher', 'GET', '/v1/reviews')).json() as { items: { id: string; kind: string }[] }).items;
    expect(review!.kind).toBe('order.substitute');
    expect((await api.call('dispatcher', 'POST', `/v1/reviews/${review!.id}/approve`, { reason: 'customer accepts brand B' })).status).toBe(200);
    expect((await api.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).lines[0]!.sku).toBe('milk-b');
    expect(api.decisions().map((d) => d.outcome)).toEqual(['queued', 'approved']);
  });

  it('without a substitute, proposes a transfer from the depot that has the stock; after approval it is in transit and the promise moves', async () => {
    const api = await setup(tinyOrder('o-w', { lines: [{ lineNo: 1, sku: 'widget', qty: 30 }] }));
    await api.sendEvent('wms.task.exception', exception('o-w', 'widget', 30, 10));
    const [proposal] = api.decisions();
    expect(proposal).toMatchObject({ kind: 'stock.transfer', level: 'L1', outcome: 'queued' });
    const payload = proposal!.proposal!.payload as { fromDepotId: string; qty: number; promisedBy: string };
    expect(payload).toMatchObject({ fromDepotId: 'south', qty: 20 });
    expect((await api.ports.erp.getInTransit({ tenant: 'acme', sku: 'widget', toDepotId: 'north' }))).toEqual([]);

    const review = api.governance.listReviews('acme', {})[0]!;
    await api.call('dispatcher', 'POST', `/v1/reviews/${review.id}/approve`, { reason: 'truck free this afternoon' });
    const transit = await api.ports.erp.getInTransit({ tenant: 'acme', sku: 'widget', toDepotId: 'north' });
    expect(transit).toMatchObject([{ qty: 20, fromDepotId: 'south' }]);
    expect((await api.ports.wms.getPickableStock({ tenant: 'acme', depotId: 'south', sku: 'widget' })).pickable).toBe(30);
    expect((await api.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-w' })).promisedBy).toBe(payload.promisedBy);
  });

  it('with nowhere to take stock from, the promise moves to when stock can land; a rejected transfer changes nothing', async () => {
    const api = await setup(tinyOrder('o-w', { lines: [{ lineNo: 1, sku: 'widget', qty: 80 }] }));
    await api.sendEvent('wms.task.exception', exception('o-w', 'widget', 80, 0));
    const [proposal] = api.decisions();
    // South holds 50 of the 80 short: no transfer covers it, nothing is on its way, so the promise waits for a reorder;
    // that misses the delivery window, which is past the policy's SLA-risk bound, so a planner decides.
    expect(proposal).toMatchObject({ kind: 'promise.update', outcome: 'queued' });
    expect(proposal!.reasons.join(' ')).toMatch(/sla/i);
    await api.call('dispatcher', 'POST', `/v1/reviews/${api.governance.listReviews('acme', {})[0]!.id}/approve`, { reason: 'customer told' });
    expect((await api.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-w' })).promisedBy).toBe('2026-11-26T08:00:00Z');

    const small = await setup(tinyOrder('o-s', { lines: [{ lineNo: 1, sku: 'widget', qty: 5 }] }));
    await small.sendEvent('wms.task.exception', exception('o-s', 'widget', 5, 0));
    const review = small.governance.listReviews('acme', {})[0]!;
    await small.call('dispatcher', 'POST', `/v1/reviews/${review.id}/reject`, { reason: 'pick from the returns cage instead' });
    expect(await small.ports.erp.getInTransit({ tenant: 'acme', sku: 'widget', toDepotId: 'north' })).toEqual([]);
    expect((await small.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-s' })).promisedBy).toBeUndefined();
  });
});
