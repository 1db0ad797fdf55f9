import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { capacityAgent } from '../agents/capacity.ts';
import type { Order } from '../domain/index.ts';
import { queryDecisions, verifyDatabase } from '../ledger/index.ts';

async function setup() {
  const rt = await openTinyRuntime({ capacity: capacityAgent });
  const orderCreated = async (order: Order) => {
    await rt.ports.oms.createOrder({ order });
    return rt.send('oms.order.created', { order });
  };
  return { ...rt, orderCreated };
}

describe('agent runtime: order created', () => {
  it('releases an order whose lines are all available: logged, executed, allocated and waved in the WMS', async () => {
    const { sandbox, store, runner, orderCreated } = await setup();
    await orderCreated(tinyOrder('o-1'));
    const [outcome] = await runner.drain();
    expect(outcome).toMatchObject({ threadId: 'order:o-1', waitingOn: [] });
    const [entry] = queryDecisions(store.db, { tenant: 'acme', orderId: 'o-1' }).entries;
    expect(entry).toMatchObject({ kind: 'order.release', agent: 'capacity', level: 'L3', outcome: 'executed', eventId: 'evt-1', correlationId: 'order:o-1' });
    expect(entry!.explanation.constraints).toContain('milk: 10 pickable of 4 ordered; 5 in bins locked for a cycle count; 30 in transit, landing by 2026-11-23T12:00:00Z');
    expect((await sandbox.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).status).toBe('allocated');
    expect(await sandbox.ports.wms.listTasks({ tenant: 'acme', orderId: 'o-1' })).toHaveLength(1);
  });

  it('holds an order of a customer on credit hold: the hold waits for a dispatcher, then goes out', async () => {
    const { sandbox, governance, graph, runner, orderCreated } = await setup();
    await orderCreated(tinyOrder('o-2', { customerId: 'c-late' }));
    const [outcome] = await runner.drain();
    expect(outcome!.waitingOn).toHaveLength(1);
    const reviewId = outcome!.waitingOn[0]!;
    const review = governance.getReview('acme', reviewId);
    expect(review).toMatchObject({ kind: 'order.hold', role: 'dispatcher', threadId: 'order:o-2' });
    expect((await graph.getState({ configurable: { thread_id: 'order:o-2' } })).next).toEqual(['review']);
    expect((await sandbox.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-2' })).status).toBe('created');

    governance.approve(reviewId, { id: 'user:dana', role: 'dispatcher', tenant: 'acme' }, { reason: 'customer still owes us' });
    await runner.resumeReview('acme', reviewId);
    expect((await graph.getState({ configurable: { thread_id: 'order:o-2' } })).next).toEqual([]);
    expect((await sandbox.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-2' })).status).toBe('held');
  });

  it('splits an order with a short line, promising the rest after the stock in transit is put away; the SLA risk sends it to review', async () => {
    const { store, runner, orderCreated } = await setup();
    await orderCreated(tinyOrder('o-3', { lines: [{ lineNo: 1, sku: 'milk', qty: 14 }, { lineNo: 2, sku: 'widget', qty: 2 }] }));
    await runner.drain();
    const [entry] = queryDecisions(store.db, { tenant: 'acme', orderId: 'o-3' }).entries;
    expect(entry).toMatchObject({ kind: 'order.split', outcome: 'queued' });
    expect(entry!.proposal!.payload).toEqual({
      orderId: 'o-3', shipNow: [{ sku: 'milk', qty: 10 }, { sku: 'widget', qty: 2 }], backorder: [{ sku: 'milk', qty: 4 }], promisedBy: '2026-11-23T16:00:00Z',
    });
    expect(entry!.reasons.join(' ')).toMatch(/slaRisk 0.9 exceeds maxSlaRisk 0.25 for order.split/);
  });

  it('a redelivered event is one decision; the log verifies', async () => {
    const { store, send, runner, orderCreated } = await setup();
    const first = await orderCreated(tinyOrder('o-4'));
    const again = send('oms.order.created', { order: tinyOrder('o-4') }, 'evt-1');
    expect(again).toEqual({ seq: first.seq, duplicate: true });
    await runner.drain();
    await runner.drain();
    expect(queryDecisions(store.db, { tenant: 'acme', orderId: 'o-4' }).entries).toHaveLength(1);
    expect(verifyDatabase(store.db).ok).toBe(true);
  });
});
