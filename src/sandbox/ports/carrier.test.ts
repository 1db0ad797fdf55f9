import { describe, expect, it } from 'vitest';
import { openTinySandbox } from '../../../test/fixtures/tiny-sandbox.ts';
import { issueCarrierInvoice } from '../world/billing.ts';

const T = { tenant: 'acme' };
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const tenderTo = (carrierId: string, shipmentId: string, key: string, weightKg = 100) => ({
  ...T, carrierId, shipmentId, depotId: 'north', zone: 'N1', weightKg, amount: eur(4000), pickupAt: '2026-11-23T10:00:00Z', idempotencyKey: key,
});

describe('sandbox carriers', () => {
  it('quotes every carrier on the lane from its rate card, cheapest first', async () => {
    const { ports } = await openTinySandbox();
    const quotes = await ports.carrier.quote({ ...T, depotId: 'north', zone: 'N1', weightKg: 100, distanceM: 20_000 });
    // (1000 base + 10 × 100 kg + 50 × 20 km) × 1.10 fuel = 3300
    expect(quotes.map((q) => [q.carrierId, q.amount.amountMinor, q.onTimeRate])).toEqual([['fastco', 3300, 0.95], ['slowco', 3300, 0.7]]);
    expect((await ports.carrier.quote({ ...T, depotId: 'south', zone: 'N1', weightKg: 100, distanceM: 1 })).map((q) => q.carrierId)).toEqual(['steadyco']);
    expect(await ports.carrier.quote({ ...T, depotId: 'south', zone: 'S9', weightKg: 100, distanceM: 1 })).toEqual([]);
  });

  it('accepts or rejects tenders by the carrier behaviour, capacity and weight limit, and stores the answer', async () => {
    const { ports } = await openTinySandbox();
    const rejected = await ports.carrier.tender(tenderTo('slowco', 's1', 'tender-s1-01'));
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'declined: no equipment available on this lane' });
    expect(await ports.carrier.getTender({ ...T, tenderId: rejected.id })).toEqual(rejected);
    expect((await ports.carrier.tender(tenderTo('fastco', 's1', 'tender-s1-02'))).status).toBe('accepted');
    expect((await ports.carrier.tender(tenderTo('fastco', 's2', 'tender-s2-01', 5000))).reason).toMatch(/1000 kg limit/);
    expect((await ports.carrier.tender(tenderTo('fastco', 's3', 'tender-s3-01'))).status).toBe('accepted');
    expect((await ports.carrier.tender(tenderTo('fastco', 's4', 'tender-s4-01'))).reason).toBe('no capacity left today');
    const retry = await ports.carrier.tender(tenderTo('fastco', 's1', 'tender-s1-02'));
    expect(retry.status).toBe('accepted');
    expect(await ports.carrier.getStatus({ ...T, shipmentId: 's1' })).toMatchObject({ carrierId: 'fastco', status: 'booked', amount: eur(4000) });
  });

  it('cancels an accepted tender only', async () => {
    const { ports } = await openTinySandbox();
    const t = await ports.carrier.tender(tenderTo('fastco', 's1', 'tender-s1-01'));
    expect((await ports.carrier.cancelTender({ ...T, tenderId: t.id, reason: 'own fleet took it' })).status).toBe('cancelled');
    await expect(ports.carrier.cancelTender({ ...T, tenderId: t.id, reason: 'again' })).rejects.toThrow(/tenderId: tender '.*' is cancelled/);
    await expect(ports.carrier.getStatus({ ...T, shipmentId: 's1' })).rejects.toThrow(/shipmentId: unknown tendered shipment/);
  });

  it('stores invoices for tendered shipments, with discrepancies, and records the answer once', async () => {
    const { world, ports } = await openTinySandbox();
    await ports.carrier.tender(tenderTo('fastco', 's1', 'tender-s1-01'));
    const issued = issueCarrierInvoice(world, 'acme', 'fastco');
    expect(issued?.lines[0]).toEqual({ shipmentId: 's1', chargeCode: 'FRT', amount: eur(4000) });
    expect(issued!.lines).toHaveLength(2); // fastco's discrepancy rate is 1 in the tiny day
    expect(issued!.total.amountMinor).toBeGreaterThan(4000);
    expect(issueCarrierInvoice(world, 'acme', 'fastco')).toBeUndefined();
    expect(await ports.carrier.getInvoice({ ...T, invoiceId: issued!.id })).toEqual(issued);
    await expect(ports.carrier.answerInvoice({ ...T, invoiceId: issued!.id, decision: 'disputed' })).rejects.toThrow(/reason: a dispute needs a reason/);
    const disputed = await ports.carrier.answerInvoice({ ...T, invoiceId: issued!.id, decision: 'disputed', reason: 'waiting time not agreed' });
    expect(disputed.status).toBe('disputed');
    expect(await ports.carrier.listInvoices({ ...T, status: 'disputed' })).toEqual([disputed]);
    await expect(ports.carrier.answerInvoice({ ...T, invoiceId: issued!.id, decision: 'approved' })).rejects.toThrow(/already disputed/);
  });

  it('refuses a tender on a lane the carrier does not serve and an unknown carrier', async () => {
    const { ports } = await openTinySandbox();
    await expect(ports.carrier.tender({ ...tenderTo('fastco', 's1', 'tender-s1-01'), zone: 'Z9' })).rejects.toThrow(/zone: fastco has no lane from north to zone Z9/);
    await expect(ports.carrier.tender(tenderTo('ghostco', 's1', 'tender-s1-02'))).rejects.toThrow(/carrierId: unknown carrier 'ghostco'/);
    await expect(ports.carrier.quote({ ...T, depotId: 'north', zone: 'N1', weightKg: 0, distanceM: 1 })).rejects.toThrow(/weightKg: must be more than zero/);
  });
});
