import { describe, expect, it } from 'vitest';
import { capacityAgent } from '../../src/agents/capacity.ts';
import type { Order } from '../../src/domain/index.ts';
import { queryDecisions } from '../../src/ledger/index.ts';
import { tinyOrder } from '../fixtures/tiny-day.ts';
import { openTinyApi } from '../fixtures/tiny-api.ts';

const T = { tenant: 'acme' };

/** The OMS has the order (the system of record emitted the event), then the event arrives by webhook. */
async function orderCreated(order: Order) {
  const api = await openTinyApi({ capacity: capacityAgent });
  await api.ports.oms.createOrder({ order });
  expect((await api.sendEvent('oms.order.created', { order })).status).toBe(202);
  const [decision] = queryDecisions(api.store.db, { ...T, orderId: order.id }).entries;
  return { api, decision: decision!, oms: () => api.ports.oms.getOrder({ ...T, orderId: order.id }) };
}

describe('acceptance: an order is created (through POST /v1/events)', () => {
  it('every line available: released, allocated and waved for picking', async () => {
    const { api, decision, oms } = await orderCreated(tinyOrder('o-1'));
    expect(decision).toMatchObject({ kind: 'order.release', outcome: 'executed' });
    expect((await oms()).status).toBe('allocated');
    expect(await api.ports.wms.listTasks({ ...T, orderId: 'o-1' })).not.toEqual([]);
    expect(decision.explanation.constraints).toContain('milk: 10 pickable of 4 ordered; 5 in bins locked for a cycle count; 30 in transit, landing by 2026-11-23T12:00:00Z');
  });

  it('one line short: split, the short part backordered in the ERP with a promise date after the inbound lands', async () => {
    const order = tinyOrder('o-2', { lines: [{ lineNo: 1, sku: 'milk', qty: 12 }, { lineNo: 2, sku: 'widget', qty: 2 }], windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T20:00:00Z' }] });
    const { api, decision, oms } = await orderCreated(order);
    expect(decision.kind).toBe('order.split');
    expect(decision.proposal!.payload).toMatchObject({ shipNow: [{ sku: 'milk', qty: 10 }, { sku: 'widget', qty: 2 }], backorder: [{ sku: 'milk', qty: 2 }], promisedBy: '2026-11-23T16:00:00Z' });
    // The 0.3 SLA risk of a split is over the default policy's 0.25 bound: a dispatcher confirms it.
    expect(decision).toMatchObject({ level: 'L1', outcome: 'queued' });
    expect(await api.ports.erp.listPostings({ ...T, type: 'backorder' })).toEqual([]);
    const [review] = api.governance.listReviews('acme', { status: 'pending' });
    await api.call('dispatcher', 'POST', `/v1/reviews/${review!.id}/approve`, { reason: 'ok to split' });
    expect(await api.ports.erp.listPostings({ ...T, type: 'backorder' })).toMatchObject([{ body: { orderId: 'o-2', sku: 'milk', qty: 2, promisedBy: '2026-11-23T16:00:00Z' } }]);
    expect((await oms()).promisedBy).toBe('2026-11-23T16:00:00Z');
  });

  it('a customer on credit hold: the order is held with the reason, waiting for a dispatcher', async () => {
    const { api, decision, oms } = await orderCreated(tinyOrder('o-3', { customerId: 'c-late' }));
    expect(decision).toMatchObject({ kind: 'order.hold', level: 'L1', outcome: 'queued' });
    expect(decision.explanation.summary).toMatch(/^Hold o-3: /);
    expect((await oms()).status).toBe('created');
    const [review] = api.governance.listReviews('acme', { status: 'pending' });
    await api.call('dispatcher', 'POST', `/v1/reviews/${review!.id}/approve`, { reason: 'call the customer first' });
    expect((await oms()).status).toBe('held');
  });
});
