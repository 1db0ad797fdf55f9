import { describe, expect, it } from 'vitest';
import { ACTION_KINDS, ActionProposal } from '../domain/index.ts';
import { toolList } from './index.ts';
import { proposalToolName } from './proposals.ts';
import { openToolWorld, snapshot } from './test-world.ts';

const orderTarget = { system: 'oms' as const, type: 'order' as const, id: 'o-1' };
const impact = { costMinor: 0, ordersAffected: 1, slaRisk: 0.05 };
const release = {
  target: orderTarget, payload: { orderId: 'o-1', reason: 'all lines available' }, impact, confidence: 0.9,
  explanation: { summary: 'Release o-1: every line can be picked now.' },
};

describe('proposal tools', () => {
  it('exist for every action kind, named without dots', async () => {
    const { tools } = await openToolWorld();
    const names = toolList(tools).map((t) => t.name);
    for (const kind of ACTION_KINDS) expect(names).toContain(proposalToolName(kind));
    expect(names.every((n) => /^[a-z_]+$/.test(n))).toBe(true);
  });

  it('return a valid proposal for the gate, stamped with agent, tenant, trigger and clock', async () => {
    const { tools } = await openToolWorld('capacity', { kind: 'event', eventId: 'evt-1', eventType: 'oms.order.created' });
    const p = await tools.propose_order_release.invoke(release);
    expect(ActionProposal.parse(p)).toEqual(p);
    expect(p).toMatchObject({
      kind: 'order.release', agent: 'capacity', tenant: 'acme', target: orderTarget, payload: release.payload, confidence: 0.9,
      trigger: { kind: 'event', eventId: 'evt-1', eventType: 'oms.order.created' }, createdAt: '2026-11-23T08:00:00Z',
      explanation: { summary: release.explanation.summary, constraints: [], inputs: {}, alternatives: [] },
    });
    expect(p.id).toMatch(/^prop-[0-9a-f]{24}$/);
  });

  it('change nothing in the world or the store', async () => {
    const { tools, sandbox, store } = await openToolWorld('settlement');
    const before = [snapshot(sandbox.world.db), snapshot(store.db)];
    await tools.propose_order_release.invoke(release);
    await tools.propose_carrier_tender.invoke({
      target: { system: 'carrier', type: 'shipment', id: 'shp-1' }, impact: { costMinor: 2000, ordersAffected: 1, slaRisk: 0.1 }, confidence: 0.8,
      payload: { shipmentId: 'shp-1', carrierId: 'fastco', depotId: 'north', zone: 'N1', weightKg: 4, amount: { amountMinor: 2000, currency: 'EUR' }, pickupAt: '2026-11-23T09:00:00Z' },
      explanation: { summary: 'Tender shp-1 to fastco.', constraints: ['window 10:00-12:00'], inputs: { quotes: 2 }, alternatives: [{ summary: 'slowco', rejectedBecause: 'rejects everything' }] },
    });
    await tools.propose_customer_notify.invoke({
      target: { system: 'notify', type: 'customer', id: 'c-shop' }, impact, confidence: 0.9,
      payload: { customerId: 'c-shop', orderId: 'o-1', channel: 'email', template: 'delay', body: 'Your delivery is 15 minutes late.' },
      explanation: { summary: 'Tell c-shop about the delay.' },
    });
    await tools.propose_invoice_post.invoke({
      target: { system: 'erp', type: 'invoice', id: 'inv-1' }, impact, confidence: 0.95,
      payload: { invoice: 'carrier', invoiceId: 'inv-1', carrierId: 'fastco', amount: { amountMinor: 2000, currency: 'EUR' } },
      explanation: { summary: 'Approve fastco invoice inv-1.' },
    });
    expect([snapshot(sandbox.world.db), snapshot(store.db)]).toEqual(before);
    expect(await sandbox.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' })).toMatchObject({ status: 'created' });
  });

  it('give the same id for the same event, agent, kind and target, so a re-run is decided once', async () => {
    const trigger = { kind: 'event' as const, eventId: 'evt-1' };
    const a = await (await openToolWorld('capacity', trigger)).tools.propose_order_release.invoke(release);
    const b = await (await openToolWorld('capacity', trigger)).tools.propose_order_release.invoke({ ...release, confidence: 0.7 });
    const other = await (await openToolWorld('capacity', { kind: 'event', eventId: 'evt-2' })).tools.propose_order_release.invoke(release);
    expect(b.id).toBe(a.id);
    expect(other.id).not.toBe(a.id);
  });

  it('without an event id (a chat turn), tell different payloads apart', async () => {
    const { tools } = await openToolWorld('copilot');
    const a = await tools.propose_order_hold.invoke({ ...release, payload: { orderId: 'o-1', reason: 'fraud check' } });
    const b = await tools.propose_order_hold.invoke({ ...release, payload: { orderId: 'o-1', reason: 'address missing' } });
    expect(a.trigger).toEqual({ kind: 'chat' });
    expect(a.id).not.toBe(b.id);
  });

  it('refuse a bad payload, naming the field', async () => {
    const { tools } = await openToolWorld();
    const split = tools.propose_order_split.invoke({
      ...release, payload: { orderId: 'o-1', shipNow: [{ sku: 'milk', qty: 0 }], backorder: [], promisedBy: 'tomorrow' },
    });
    await expect(split).rejects.toThrow(/→ at payload\.shipNow\[0\]\.qty/);
    await expect(split).rejects.toThrow(/at least|>=1 items\n  → at payload\.backorder/);
    await expect(split).rejects.toThrow(/ISO-8601 UTC timestamp ending in Z\n  → at payload\.promisedBy/);
    // @ts-expect-error: the wrong payload for the kind, as a confused model might send it
    await expect(tools.propose_order_release.invoke({ ...release, payload: { shipmentId: 'shp-1' } })).rejects.toThrow(/payload\.orderId/);
    await expect(tools.propose_order_release.invoke({ ...release, impact: { ...impact, slaRisk: 3 } })).rejects.toThrow(/impact\.slaRisk/);
  });
});
