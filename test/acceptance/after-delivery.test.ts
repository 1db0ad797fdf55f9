import { describe, expect, it } from 'vitest';
import { carrierAgent } from '../../src/agents/carrier.ts';
import { customerAgent } from '../../src/agents/customer.ts';
import { settlementAgent } from '../../src/agents/settlement.ts';
import type { Shipment } from '../../src/domain/index.ts';
import { queryDecisions } from '../../src/ledger/index.ts';
import { issueCarrierInvoice } from '../../src/sandbox/index.ts';
import { tinyOrder } from '../fixtures/tiny-day.ts';
import { openTinyApi } from '../fixtures/tiny-api.ts';

const T = { tenant: 'acme' };
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

function shipment(id: string, orderId: string): Shipment {
  return {
    id, tenant: 'acme', orderIds: [orderId], depotId: 'north', customerId: 'c-shop', destination: { lat: 52.4, lon: 4.95 },
    windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300, load: { weightKg: 40, volumeM3: 0.1, pallets: 0.2 },
    readyAt: '2026-11-23T09:00:00Z', requiredSkills: [], status: 'ready',
  };
}

async function setup() {
  const api = await openTinyApi({ carrier: carrierAgent, customer: customerAgent, settlement: settlementAgent });
  await api.ports.oms.createOrder({ order: tinyOrder('o-1') });
  api.store.shipments.put(shipment('shp-1', 'o-1'));
  const tender = (carrierId: string, key: string) => api.ports.carrier.tender({
    ...T, carrierId, shipmentId: 'shp-1', depotId: 'north', zone: 'N1', weightKg: 40, amount: eur(4000), pickupAt: '2026-11-23T09:00:00Z', idempotencyKey: key,
  });
  const log = (kind?: string) => queryDecisions(api.store.db, { ...T, ...(kind ? { kind: kind as never } : {}) }).entries;
  return { ...api, tender, log };
}

describe('acceptance: after the goods leave the dock (through POST /v1/events)', () => {
  it('tender rejected: the next carrier on the lane is tendered and books it', async () => {
    const api = await setup();
    const rejected = await api.tender('slowco', 'tender-a');
    await api.sendEvent('carrier.tender.rejected', { tenderId: rejected.id, carrierId: 'slowco', shipmentId: 'shp-1', reason: rejected.reason });
    expect(api.log('carrier.tender')).toMatchObject([{ outcome: 'executed', proposal: { payload: { carrierId: 'fastco' } } }]);
    expect(await api.ports.carrier.getStatus({ ...T, shipmentId: 'shp-1' })).toMatchObject({ carrierId: 'fastco', status: 'booked' });
  });

  it('delivery failed (not home): rescheduled and told, the carrier scored, the goods expected back at the WMS', async () => {
    const api = await setup();
    await api.tender('fastco', 'tender-a');
    await api.sendEvent('driver.delivery.failed', { shipmentId: 'shp-1', orderId: 'o-1', at: '2026-11-23T10:40:00Z', reasonCode: 'not_home' });
    expect((await api.ports.oms.getOrder({ ...T, orderId: 'o-1' })).promisedBy).toBe('2026-11-24T12:00:00Z');
    expect(await api.ports.notify.listMessages({ ...T, orderId: 'o-1' })).toMatchObject([{ template: 'failed_attempt', status: 'sent' }]);
    expect(api.store.carrierScores.get('acme', 'fastco')).toMatchObject({ onTime: 0, exceptions: { not_home: 1 } });
    const [expected] = await api.ports.wms.listExpectedReturns({ ...T, depotId: 'north' });
    expect(expected).toMatchObject({ orderId: 'o-1', shipmentId: 'shp-1', lines: [{ sku: 'milk', qty: 4 }], status: 'expected', reason: 'failed delivery: not_home' });
    expect(expected!.expectedAt > '2026-11-23T10:40:00Z').toBe(true);
    expect(api.log().map((e) => e.kind).filter((k) => k !== 'policy.change').sort())
      .toEqual(['carrier.score', 'customer.notify', 'delivery.reschedule', 'return.expect']);

    // When the driver hands the goods in, restocking closes the expected return.
    await api.sendEvent('driver.return.initiated', { orderId: 'o-1', shipmentId: 'shp-1', depotId: 'north', lines: [{ sku: 'milk', qty: 4 }], reason: 'failed_delivery' });
    expect(await api.ports.wms.listExpectedReturns({ ...T, orderId: 'o-1' })).toMatchObject([{ status: 'received' }]);
  });

  it('POD captured: ERP delivery confirmation, freight accrual and invoice trigger, and the SLA record in the log', async () => {
    const api = await setup();
    await api.tender('fastco', 'tender-a');
    await api.sendEvent('driver.pod.captured', { shipmentId: 'shp-1', orderId: 'o-1', deliveredAt: '2026-11-23T11:00:00Z', signedBy: 'J. Doe' });
    expect((await api.ports.erp.listPostings({ ...T, orderId: 'o-1' })).map((p) => p.body.type)).toEqual(['delivery_confirmation', 'customer_invoice']);
    expect(await api.ports.erp.listPostings({ ...T, type: 'freight_accrual' })).toMatchObject([{ body: { amount: eur(4000), carrierId: 'fastco' } }]);
    const [post] = api.log('invoice.post');
    expect(post!.explanation.constraints).toContain('SLA: delivered 2026-11-23T11:00:00Z, committed 2026-11-23T10:00:00Z–2026-11-23T12:00:00Z, on time');
    expect(api.store.carrierScores.get('acme', 'fastco')).toMatchObject({ delivered: 1, onTime: 1 });
  });

  it('carrier invoice over tolerance: a dispute waits for finance; once approved the carrier sees it disputed', async () => {
    const api = await setup();
    await api.tender('fastco', 'tender-a');
    const over = issueCarrierInvoice(api.sandbox.world, 'acme', 'fastco')!;
    await api.sendEvent('carrier.invoice.received', { invoiceId: over.id, carrierId: 'fastco', invoiceDate: over.invoiceDate, lines: over.lines, total: over.total });
    expect(api.log('invoice.dispute')).toMatchObject([{ level: 'L1', outcome: 'queued' }]);
    const [review] = api.governance.listReviews('acme', { status: 'pending' });
    expect((await api.call('dispatcher', 'POST', `/v1/reviews/${review!.id}/approve`, { reason: 'fine' })).status).toBe(403);
    expect((await api.ports.carrier.getInvoice({ ...T, invoiceId: over.id })).status).toBe('received');
    expect((await api.call('finance', 'POST', `/v1/reviews/${review!.id}/approve`, { reason: 'fuel surcharge not agreed' })).status).toBe(200);
    expect((await api.ports.carrier.getInvoice({ ...T, invoiceId: over.id })).status).toBe('disputed');
  });
});
