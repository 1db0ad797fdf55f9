import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { parseEvent } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { issueCarrierInvoice } from '../sandbox/index.ts';
import { settlementAgent } from './settlement.ts';

const T = { tenant: 'acme' };
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

async function setup() {
  const rt = await openTinyRuntime({ settlement: settlementAgent });
  await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
  return rt;
}

describe('Settlement agent', () => {
  it('after a POD: ERP delivery confirmation, freight accrual and customer invoice, with the SLA record in the log', async () => {
    const rt = await setup();
    await rt.ports.carrier.tender({ ...T, carrierId: 'fastco', shipmentId: 'shp-o-1', depotId: 'north', zone: 'N1', weightKg: 4, amount: eur(2200), pickupAt: '2026-11-23T09:00:00Z', idempotencyKey: 'tender-shp-o-1' });
    rt.send('driver.pod.captured', { orderId: 'o-1', shipmentId: 'shp-o-1', deliveredAt: '2026-11-23T12:20:00Z', signedBy: 'J. de Vries' });
    await rt.runner.drain();
    const postings = await rt.ports.erp.listPostings({ ...T, orderId: 'o-1' });
    expect(postings.map((p) => p.body.type)).toEqual(['delivery_confirmation', 'customer_invoice']);
    expect(await rt.ports.erp.listPostings({ ...T, type: 'freight_accrual' })).toEqual([expect.objectContaining({ body: expect.objectContaining({ amount: eur(2200), carrierId: 'fastco' }) })]);
    expect((await rt.ports.oms.getOrder({ ...T, orderId: 'o-1' })).status).toBe('delivered');
    const [entry] = queryDecisions(rt.store.db, { ...T, orderId: 'o-1' }).entries;
    expect(entry).toMatchObject({ kind: 'invoice.post', level: 'L3', outcome: 'executed' });
    expect(entry!.explanation.constraints).toContain('SLA: delivered 2026-11-23T12:20:00Z, committed 2026-11-23T10:00:00Z–2026-11-23T12:00:00Z, late');
  });

  it('a carrier invoice over tolerance is disputed, waiting for finance; one within tolerance is approved and booked', async () => {
    const rt = await setup();
    const tender = (shipmentId: string, carrierId: string) => rt.ports.carrier.tender({ ...T, carrierId, shipmentId, depotId: 'north', zone: 'N1', weightKg: 4, amount: eur(4000), pickupAt: '2026-11-23T09:00:00Z', idempotencyKey: `tender-${shipmentId}` });
    await tender('s-1', 'fastco');
    const over = issueCarrierInvoice(rt.sandbox.world, 'acme', 'fastco')!; // fastco always overbills in the tiny day
    rt.send('carrier.invoice.received', { invoiceId: over.id, carrierId: 'fastco', invoiceDate: over.invoiceDate, lines: over.lines, total: over.total });
    await rt.runner.drain();
    const [dispute] = queryDecisions(rt.store.db, { ...T, kind: 'invoice.dispute' }).entries;
    expect(dispute).toMatchObject({ outcome: 'queued', level: 'L1' });
    expect(dispute!.explanation.constraints[0]).toBe(`tendered 4000, invoiced ${over.total.amountMinor}, tolerance 500`);
    expect(rt.governance.listReviews('acme', { status: 'pending' })[0]?.role).toBe('finance');
    expect((await rt.ports.carrier.getInvoice({ ...T, invoiceId: over.id })).status).toBe('received');

    await rt.ports.carrier.tender({ ...T, carrierId: 'steadyco', shipmentId: 's-2', depotId: 'south', zone: 'N1', weightKg: 4, amount: eur(3000), pickupAt: '2026-11-23T09:00:00Z', idempotencyKey: 'tender-s-2' });
    const fair = issueCarrierInvoice(rt.sandbox.world, 'acme', 'steadyco')!;
    rt.send('carrier.invoice.received', { invoiceId: fair.id, carrierId: 'steadyco', invoiceDate: fair.invoiceDate, lines: fair.lines, total: fair.total });
    await rt.runner.drain();
    const [approved] = queryDecisions(rt.store.db, { ...T, kind: 'invoice.post' }).entries;
    expect(approved).toMatchObject({ outcome: 'executed' });
    expect((await rt.ports.carrier.getInvoice({ ...T, invoiceId: fair.id })).status).toBe('approved');
    expect(await rt.ports.erp.listPostings({ ...T, type: 'carrier_invoice' })).toEqual([expect.objectContaining({ body: expect.objectContaining({ decision: 'approved', amount: eur(3000) }) })]);
  });

  it('restocks a return: sellable back to a pickable bin, damaged to quarantine', async () => {
    const rt = await setup();
    rt.send('driver.return.initiated', { orderId: 'o-1', depotId: 'north', lines: [{ sku: 'widget', qty: 3 }], reason: 'refused' });
    rt.send('driver.return.initiated', { orderId: 'o-1', depotId: 'north', lines: [{ sku: 'widget', qty: 1 }], reason: 'damaged' });
    await rt.runner.drain();
    const stock = await rt.ports.wms.getPickableStock({ ...T, depotId: 'north', sku: 'widget' });
    expect(stock.bins.map((b) => [b.bin, b.onHand])).toEqual([['B1', 100], ['QUARANTINE', 1], ['RETURNS', 3]]);
    expect(stock.pickable).toBe(103);

    // Settlement run again for the same return (as a pass after an approval in its run does) restocks nothing twice.
    const again = await settlementAgent.onEvent(parseEvent({ specversion: '1.0', id: 'evt-1', source: '/test', type: 'driver.return.initiated', time: '2026-11-23T08:00:00Z', tenant: 'acme',
      data: { orderId: 'o-1', depotId: 'north', lines: [{ sku: 'widget', qty: 3 }], reason: 'refused' } }), rt);
    expect(again.proposals).toEqual([]);
  });

  it('bills an order a carrier delivered, at the tendered freight, once', async () => {
    const rt = await setup();
    rt.store.shipments.put({
      id: 'shp-o-1', tenant: 'acme', orderIds: ['o-1'], depotId: 'north', customerId: 'c-store', destination: { lat: 52.4, lon: 4.95 },
      windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300, load: { weightKg: 4, volumeM3: 0.01, pallets: 0.04 }, requiredSkills: [], status: 'tendered',
    });
    await rt.ports.carrier.tender({ ...T, carrierId: 'fastco', shipmentId: 'shp-o-1', depotId: 'north', zone: 'N1', weightKg: 4, amount: eur(2200), pickupAt: '2026-11-23T09:00:00Z', idempotencyKey: 'tender-shp-o-1' });
    const delivered = { carrierId: 'fastco', shipmentId: 'shp-o-1', status: 'delivered', at: '2026-11-23T11:00:00Z' };
    rt.send('carrier.status', delivered);
    rt.send('carrier.status', delivered);
    await rt.runner.drain();
    const invoices = queryDecisions(rt.store.db, { ...T, orderId: 'o-1', kind: 'invoice.post' }).entries;
    expect(invoices.map((e) => [e.outcome, e.proposal!.payload.freight, e.proposal!.payload.carrierId])).toEqual([['executed', eur(2200), 'fastco']]);
    expect(invoices[0]!.explanation.summary).toContain('within the committed window');
    expect((await rt.ports.erp.listPostings({ ...T, orderId: 'o-1' })).map((p) => p.body.type)).toEqual(['delivery_confirmation', 'customer_invoice']);
  });

  it('bills a delivery once: a POD sent twice, or answered again after an approval, posts one customer invoice', async () => {
    const rt = await setup();
    const pod = { orderId: 'o-1', shipmentId: 'shp-o-1', deliveredAt: '2026-11-23T11:20:00Z', signedBy: 'J. de Vries' };
    rt.send('driver.pod.captured', pod);
    rt.send('driver.pod.captured', pod);
    await rt.runner.drain();
    expect((await rt.ports.erp.listPostings({ ...T, orderId: 'o-1' })).map((p) => p.body.type)).toEqual(['delivery_confirmation', 'customer_invoice']);
    const again = await settlementAgent.onEvent(parseEvent({ specversion: '1.0', id: 'evt-1', source: '/test', type: 'driver.pod.captured', time: '2026-11-23T08:00:00Z', tenant: 'acme', data: pod }), rt);
    expect(again).toEqual({ proposals: [], notes: ['shp-o-1 is invoiced already'] });
    // Two PODs of one new shipment in one batch: one invoice proposed.
    const batch = ['evt-a', 'evt-b'].map((id) => parseEvent({ specversion: '1.0', id, source: '/test', type: 'driver.pod.captured', time: '2026-11-23T08:00:00Z', tenant: 'acme', data: { ...pod, shipmentId: 'shp-o-9' } }));
    expect((await settlementAgent.onBatch!(batch, rt)).proposals.map((p) => p.kind)).toEqual(['invoice.post']);
  });
});
