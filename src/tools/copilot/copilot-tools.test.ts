import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../../test/fixtures/tiny-day.ts';
import type { ActionProposal } from '../../domain/index.ts';
import { openToolWorld, snapshot } from '../test-world.ts';
import { type ActOutcome, copilotTools, type CopilotGovernance } from './index.ts';

const outcome: ActOutcome = { decisionId: 'dec-1', level: 'L2', outcome: 'executed', reasons: [], actor: 'user:dana', reviewId: null, outboxId: 'out-1', duplicate: false };

/** The tiny tool world with the copilot's tools; acts are recorded by a stand-in governance instead of decided. */
async function world() {
  const w = await openToolWorld('copilot', { kind: 'chat', eventId: 'turn-1', actor: 'user:dana' });
  const submitted: ActionProposal[] = [];
  const governance: CopilotGovernance = {
    listReviews: () => [],
    decideReview: () => outcome,
    submit: (p) => {
      submitted.push(p);
      return outcome;
    },
  };
  const day = tinyDay();
  const tools = copilotTools({ ...w.ctx, user: { id: 'user:dana', role: 'dispatcher' }, governance, carriers: day.carriers });
  return { ...w, tools, submitted };
}

describe('copilot tools', () => {
  it('orders_at_risk: an ETA past its window is late, with the minutes and the van; filters by depot and tier', async () => {
    const { tools, store } = await world();
    store.orders.put({ ...tinyOrder('o-1'), status: 'picked' });
    store.shipments.put({ id: 'shp-1', tenant: 'acme', orderIds: ['o-1'], depotId: 'north', customerId: 'c-shop', destination: { lat: 52.4, lon: 4.95 }, windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300, load: { weightKg: 4, volumeM3: 0.004, pallets: 1 }, requiredSkills: [], status: 'assigned', vehicleId: 'v1' });
    const r = await tools.orders_at_risk.invoke({});
    expect(r).toMatchObject({ asOf: '2026-11-23T08:00:00Z', total: 1, byReason: { late: 1 } });
    expect(r.orders[0]).toMatchObject({ orderId: 'o-1', reason: 'late', vehicleId: 'v1', detail: 'ETA 12:15 UTC, 15 min after the window closes at 12:00 UTC' });
    expect((await tools.orders_at_risk.invoke({ depotId: 'south' })).total).toBe(0);
    expect((await tools.orders_at_risk.invoke({ tier: 'critical' })).total).toBe(0);
  });

  it('request_retender: the cheapest reliable carrier on the lane, as a proposal handed to the gate; nothing written', async () => {
    const { tools, store, submitted } = await world();
    store.shipments.put({ id: 'shp-7', tenant: 'acme', orderIds: ['o-1'], depotId: 'north', customerId: 'c-shop', destination: { lat: 52.4, lon: 4.95 }, windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300, load: { weightKg: 4, volumeM3: 0.004, pallets: 1 }, requiredSkills: [], status: 'ready' });
    const before = snapshot(store.db);
    const r = await tools.request_retender.invoke({ shipmentId: 'shp-7', reason: 'van full' });
    expect(r).toMatchObject({ decisionId: 'dec-1', kind: 'carrier.tender', target: 'shipment shp-7' });
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ kind: 'carrier.tender', agent: 'copilot', trigger: { kind: 'chat', eventId: 'turn-1', actor: 'user:dana' }, payload: { shipmentId: 'shp-7', carrierId: 'fastco' } });
    expect(snapshot(store.db)).toEqual(before);
    await expect(tools.request_retender.invoke({ shipmentId: 'shp-7', carrierId: 'steadyco', reason: 'x' })).rejects.toThrow(/steadyco does not serve the lane north/);
  });

  it('fleet_status and explain_decision answer for unknown ids with an error naming the field', async () => {
    const { tools } = await world();
    await expect(tools.fleet_status.invoke({ vehicleId: 'v9' })).rejects.toThrow(/v9/);
    await expect(tools.explain_decision.invoke({ decisionId: 'dec-404' })).rejects.toThrow("decisionId: unknown decision 'dec-404'");
    const fleet = await tools.fleet_status.invoke({});
    expect(fleet.counts).toEqual({ available: 2 });
  });
});
