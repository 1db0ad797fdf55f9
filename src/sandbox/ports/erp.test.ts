import { describe, expect, it } from 'vitest';
import { openTinySandbox } from '../../../test/fixtures/tiny-sandbox.ts';

describe('sandbox ERP', () => {
  it('gives the customer master record, and refuses an unknown customer by name', async () => {
    const { ports } = await openTinySandbox();
    expect(await ports.erp.getCustomer({ tenant: 'acme', customerId: 'c-store' })).toMatchObject({ zone: 'N1', email: 'store@example.com' });
    await expect(ports.erp.getCustomer({ tenant: 'acme', customerId: 'c-x' })).rejects.toThrow(/customerId: unknown customer 'c-x'/);
  });

  it('gives an order with its customer terms', async () => {
    const { ports } = await openTinySandbox();
    const { order, terms } = await ports.erp.getOrder({ tenant: 'acme', orderId: 'o-1' });
    expect(order.customerId).toBe('c-shop');
    expect(terms).toMatchObject({ creditLimit: { amountMinor: 100_000 }, paymentTermsDays: 30, onHold: false });
  });

  it('refuses credit past the limit and for a customer on hold, and a hold set now shows at once', async () => {
    const { ports } = await openTinySandbox();
    const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
    expect(await ports.erp.checkCredit({ tenant: 'acme', customerId: 'c-store', amount: eur(900) })).toMatchObject({ ok: true });
    const over = await ports.erp.checkCredit({ tenant: 'acme', customerId: 'c-store', amount: eur(1_500) });
    expect(over).toMatchObject({ ok: false, available: { amountMinor: 1_000 } });
    expect((await ports.erp.checkCredit({ tenant: 'acme', customerId: 'c-late', amount: eur(1) })).reason).toMatch(/credit hold/);
    await ports.erp.setCreditHold({ tenant: 'acme', customerId: 'c-shop', onHold: true, reason: 'overdue invoices' });
    const held = await ports.erp.checkCredit({ tenant: 'acme', customerId: 'c-shop', amount: eur(1) });
    expect(held).toMatchObject({ ok: false, reason: 'customer is on credit hold: overdue invoices' });
  });

  it('reports book stock including counted bins, and stock in transit', async () => {
    const { ports } = await openTinySandbox();
    expect(await ports.erp.getBookStock({ tenant: 'acme', sku: 'milk' })).toEqual([{ depotId: 'north', sku: 'milk', qty: 15 }]);
    const transit = await ports.erp.getInTransit({ tenant: 'acme', sku: 'milk' });
    expect(transit).toEqual([expect.objectContaining({ id: 'po-1', qty: 30, toDepotId: 'north' })]);
  });

  it('books a posting once per idempotency key; an invoice raises the customer balance', async () => {
    const { ports } = await openTinySandbox();
    const body = { type: 'customer_invoice' as const, orderId: 'o-1', amount: { amountMinor: 1200, currency: 'EUR' } };
    const first = await ports.erp.post({ tenant: 'acme', idempotencyKey: 'inv-o-1-0001', body });
    const again = await ports.erp.post({ tenant: 'acme', idempotencyKey: 'inv-o-1-0001', body });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ posting: first.posting, duplicate: true });
    expect(await ports.erp.listPostings({ tenant: 'acme', orderId: 'o-1' })).toHaveLength(1);
    const { terms } = await ports.erp.getOrder({ tenant: 'acme', orderId: 'o-1' });
    expect(terms.balance.amountMinor).toBe(1200);
    await expect(
      ports.erp.post({ tenant: 'acme', idempotencyKey: 'inv-o-1-0001', body: { ...body, amount: { amountMinor: 1, currency: 'EUR' } } }),
    ).rejects.toThrow(/idempotencyKey: was used before for a different posting/);
  });

  it('a delivery confirmation marks the order delivered; a freight accrual is listed by shipment', async () => {
    const { ports } = await openTinySandbox();
    await ports.erp.post({
      tenant: 'acme', idempotencyKey: 'pod-o-1-0001',
      body: { type: 'delivery_confirmation', orderId: 'o-1', shipmentId: 'shp-o-1', deliveredAt: '2026-11-23T10:30:00Z' },
    });
    await ports.erp.post({
      tenant: 'acme', idempotencyKey: 'acc-o-1-0001',
      body: { type: 'freight_accrual', shipmentId: 'shp-o-1', amount: { amountMinor: 2500, currency: 'EUR' } },
    });
    expect((await ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).status).toBe('delivered');
    expect(await ports.erp.listPostings({ tenant: 'acme', shipmentId: 'shp-o-1', type: 'freight_accrual' })).toHaveLength(1);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const { ports } = await openTinySandbox();
    await expect(ports.erp.getOrder({ tenant: 'ghost', orderId: 'o-1' })).rejects.toThrow(/tenant: unknown tenant 'ghost'/);
    await expect(
      ports.erp.post({ tenant: 'acme', idempotencyKey: 'bad-0000001', body: { type: 'backorder', orderId: 'o-1', sku: 'milk', qty: -2, promisedBy: '2026-11-24T10:00:00Z' } }),
    ).rejects.toThrow(/erp\.post: body\.qty/);
    await expect(
      ports.erp.post({ tenant: 'acme', idempotencyKey: 'bad-0000002', body: { type: 'customer_invoice', orderId: 'nope', amount: { amountMinor: 1, currency: 'EUR' } } }),
    ).rejects.toThrow(/body\.orderId: unknown order 'nope'/);
    expect(await ports.erp.listPostings({ tenant: 'acme' })).toHaveLength(0);
  });
});
