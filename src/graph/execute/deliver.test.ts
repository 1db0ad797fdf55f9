import { describe, expect, it } from 'vitest';
import { proposal } from '../../../test/fixtures/decisions.ts';
import { openTinySandbox } from '../../../test/fixtures/tiny-sandbox.ts';
import type { Ports } from '../../connectors/index.ts';
import { type ActionProposal, ConnectorError } from '../../domain/index.ts';
import { type Actor, openGovernance, replayDead } from '../../governance/index.ts';
import { loadDefaultPolicy } from '../../policies/index.ts';
import { openStore } from '../../store/index.ts';
import { deliverDue } from './deliver.ts';

const dana: Actor = { id: 'user:dana', role: 'dispatcher', tenant: 'acme' };
const fiona: Actor = { id: 'user:fiona', role: 'finance', tenant: 'acme' };

async function setup() {
  const sandbox = await openTinySandbox();
  const store = openStore(':memory:', { clock: sandbox.clock });
  const gov = openGovernance({ db: store.db, clock: sandbox.clock, policy: loadDefaultPolicy(), policySource: 'default' });
  const deliver = (ports: Ports = sandbox.ports) => deliverDue({ db: store.db, clock: sandbox.clock, ports, store });
  return { sandbox, store, gov, deliver };
}

const tender = (n: number, over: Partial<ActionProposal> = {}) =>
  proposal(n, {
    payload: { shipmentId: `shp-${n}`, carrierId: 'fastco', depotId: 'north', zone: 'N1', weightKg: 100, amount: { amountMinor: 3300, currency: 'EUR' }, pickupAt: '2026-11-23T10:00:00Z' },
    ...over,
  });

describe('outbox delivery', () => {
  it('delivers an executed tender to the carrier, and an override cancels it there', async () => {
    const { sandbox, gov, deliver } = await setup();
    const { decision, outbox } = gov.decide({ proposal: tender(1), agent: 'carrier' });
    expect((await deliver()).delivered).toEqual([outbox!.id]);
    const sent = gov.getOutboxItem(outbox!.id);
    expect(sent).toMatchObject({ status: 'delivered', result: { status: 'accepted' } });
    expect(await sandbox.ports.carrier.getStatus({ tenant: 'acme', shipmentId: 'shp-1' })).toMatchObject({ status: 'booked' });

    const { outbox: undo } = gov.override(decision.id, dana, 'our own van has room');
    expect((await deliver()).delivered).toEqual([undo.id]);
    const tenderId = String(sent.result?.tenderId);
    expect((await sandbox.ports.carrier.getTender({ tenant: 'acme', tenderId })).status).toBe('cancelled');
  });

  it('an override while the original still waits to go out stops the original instead of undoing it', async () => {
    const { sandbox, gov, deliver } = await setup();
    const { decision, outbox } = gov.decide({ proposal: tender(1), agent: 'carrier' });
    const down: Ports = { ...sandbox.ports, carrier: { ...sandbox.ports.carrier, tender: async () => { throw new ConnectorError('carrier_down', 'carrier API 503', { retryable: true }); } } };
    expect((await deliver(down)).retrying).toEqual([outbox!.id]);
    const { outbox: undo } = gov.override(decision.id, dana, 'changed my mind');
    expect((await deliver()).delivered).toEqual([undo.id]);
    expect(gov.getOutboxItem(outbox!.id)).toMatchObject({ status: 'dead', lastError: expect.stringContaining('before delivery') });
    sandbox.clock.advance(60);
    expect((await deliver()).delivered).toEqual([]);
    await expect(sandbox.ports.carrier.getStatus({ tenant: 'acme', shipmentId: 'shp-1' })).rejects.toThrow(/unknown tendered shipment/);
  });

  it('a dispute approved by finance reaches the carrier and the ERP', async () => {
    const { sandbox, gov, deliver } = await setup();
    await sandbox.ports.carrier.tender({ tenant: 'acme', carrierId: 'fastco', shipmentId: 'shp-9', depotId: 'north', zone: 'N1', weightKg: 10, amount: { amountMinor: 4000, currency: 'EUR' }, pickupAt: '2026-11-23T10:00:00Z', idempotencyKey: 'tender-shp-9' });
    const { issueCarrierInvoice } = await import('../../sandbox/index.ts');
    const invoice = issueCarrierInvoice(sandbox.world, 'acme', 'fastco')!;
    const dispute = proposal(2, {
      kind: 'invoice.dispute', agent: 'settlement', target: { system: 'carrier', type: 'invoice', id: invoice.id },
      payload: { invoiceId: invoice.id, carrierId: 'fastco', overcharge: { amountMinor: invoice.total.amountMinor - 4000, currency: 'EUR' }, reason: 'charges above the tendered rate' },
    });
    const { review } = gov.decide({ proposal: dispute, agent: 'settlement' });
    expect((await deliver()).delivered).toEqual([]);
    gov.approve(review!.id, fiona, { reason: 'WAIT charge not agreed' });
    expect((await deliver()).delivered).toHaveLength(1);
    expect((await sandbox.ports.carrier.getInvoice({ tenant: 'acme', invoiceId: invoice.id })).status).toBe('disputed');
    expect(await sandbox.ports.erp.listPostings({ tenant: 'acme', type: 'carrier_invoice' })).toHaveLength(1);
  });

  it('retries an outage with backoff, then delivers once the carrier is back', async () => {
    const { sandbox, gov, deliver } = await setup();
    const { outbox } = gov.decide({ proposal: tender(1), agent: 'carrier' });
    const down: Ports = { ...sandbox.ports, carrier: { ...sandbox.ports.carrier, tender: async () => { throw new ConnectorError('carrier_down', 'carrier API 503', { retryable: true }); } } };
    expect((await deliver(down)).retrying).toEqual([outbox!.id]);
    expect(gov.getOutboxItem(outbox!.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'carrier API 503', nextAttemptAt: '2026-11-23T08:00:05Z' });
    expect((await deliver()).delivered).toEqual([]);
    sandbox.clock.advance(5);
    expect((await deliver()).delivered).toEqual([outbox!.id]);
  });

  it('dead-letters an action whose payload is wrong, naming the field; a replay puts it back in line', async () => {
    const { store, gov, deliver } = await setup();
    const { outbox } = gov.decide({ proposal: tender(1, { payload: { shipmentId: 'shp-1', carrierId: 'fastco' } }), agent: 'carrier' });
    expect((await deliver()).dead).toEqual([outbox!.id]);
    expect(gov.getOutboxItem(outbox!.id).lastError).toMatch(/carrier.tender payload: depotId: is required/);
    expect(gov.listOutbox('acme', 'dead')).toHaveLength(1);
    expect(replayDead(store.db, 'acme', outbox!.id, '2026-11-23T08:00:00Z').status).toBe('pending');
    expect(() => replayDead(store.db, 'acme', outbox!.id, '2026-11-23T08:00:00Z')).toThrow(/is pending, not a dead letter/);
  });
});
