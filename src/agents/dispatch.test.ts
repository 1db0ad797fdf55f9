import { describe, expect, it } from 'vitest';
import { openDispatchRuntime } from '../../test/fixtures/tiny-dispatch.ts';
import { queryDecisions } from '../ledger/index.ts';
import { carrierAgent } from './carrier.ts';
import { dispatchAgent } from './dispatch.ts';

const T = { tenant: 'acme' };
const window = (from: string, to: string) => [{ start: `2026-11-23T${from}:00Z`, end: `2026-11-23T${to}:00Z` }];
const pallets = (n: number) => ({ weightKg: 40 * n, volumeM3: 0.5 * n, pallets: n });

describe('Dispatch agent: a pick completed', () => {
  it('puts the shipment on a van, stores the ETA, and explains the choice from the optimizer', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.runner.drain();
    const shipment = rt.store.shipments.require('acme', 'shp-o-1');
    expect(shipment).toMatchObject({ status: 'assigned', vehicleId: expect.stringMatching(/^v[12]$/) });
    const eta = rt.store.etas.get('acme', 'shp-o-1')!;
    // Ready 08:00 and loaded by 08:20, the van leaves a few minutes' drive before the 10:00 window rather than wait at the door.
    expect(eta).toMatchObject({ vehicleId: shipment.vehicleId, eta: '2026-11-23T10:00:00Z', window: window('10:00', '12:00')[0] });
    const plan = rt.store.plans.current('acme')!;
    expect(plan.routes).toEqual([expect.objectContaining({ vehicleId: shipment.vehicleId, stops: [expect.objectContaining({ shipmentId: 'shp-o-1', arrivalAt: '2026-11-23T10:00:00Z' })] })]);
    expect(plan.routes[0]!.departAt > '2026-11-23T09:30:00Z' && plan.routes[0]!.departAt < '2026-11-23T10:00:00Z').toBe(true);
    const [entry] = queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-o-1', kind: 'route.assign' }).entries;
    expect(entry).toMatchObject({ level: 'L2', outcome: 'executed', proposal: { payload: { vehicleId: shipment.vehicleId, planVersion: plan.version, eta: eta.eta } } });
    expect(entry!.explanation.summary).toMatch(/^Put shp-o-1 on v[12] as stop 1 of 1: ETA 10:00 UTC, 120 min before the window closes; adds \d+\.\d\d EUR/);
    expect(entry!.explanation.constraints).toContain(`${shipment.vehicleId} load at its peak: kg 0 %, m³ 0 %, pallets 25 %`);
    expect(entry!.explanation.inputs).toMatchObject({ windowSlackSeconds: 7200, loadFactor: { pallets: 0.25 } });
    expect(entry!.proposal!.impact.costMinor).toBeGreaterThan(5000);
    expect(entry!.explanation.alternatives).toHaveLength(1);
  });

  it('a second shipment joins the van already going (no second fixed cost), in window order', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
    await rt.pick('o-1', { completedAt: '08:00', order: { windows: window('11:00', '12:00') } });
    await rt.pick('o-2', { completedAt: '08:05', order: { windows: window('10:00', '10:30') } });
    await rt.runner.drain();
    const [one, two] = ['shp-o-1', 'shp-o-2'].map((id) => rt.store.shipments.require('acme', id));
    expect(two!.vehicleId).toBe(one!.vehicleId);
    const route = rt.store.plans.current('acme')!.routes[0]!;
    expect(route.stops.map((s) => [s.shipmentId, s.eta])).toEqual([['shp-o-2', '2026-11-23T10:00:00Z'], ['shp-o-1', '2026-11-23T11:00:00Z']]);
    const [second] = queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-o-2', kind: 'route.assign' }).entries;
    expect(second!.proposal!.impact.costMinor).toBeLessThan(5000);
    expect(second!.explanation.summary).toMatch(/as stop 1 of 2/);
  });

  it('leaves what no van can carry in time, on this trip or its next, for the Carrier agent, which tenders it; nothing is both routed and tendered', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, carrier: carrierAgent });
    // Both vans are back and loaded again well after 10:30: a next trip cannot make o-3's window.
    for (const [i, id] of ['o-1', 'o-2', 'o-3'].entries()) await rt.pick(id, { completedAt: `08:0${i}`, load: pallets(3), order: { windows: window('10:00', '10:30') } });
    await rt.runner.drain();
    const [a, b, c] = ['shp-o-1', 'shp-o-2', 'shp-o-3'].map((id) => rt.store.shipments.require('acme', id));
    expect([a!.status, b!.status]).toEqual(['assigned', 'assigned']);
    expect(a!.vehicleId).not.toBe(b!.vehicleId);
    expect(c).toMatchObject({ status: 'tendered', carrierId: 'fastco' });
    expect(c!.vehicleId).toBeUndefined();
    expect(rt.store.plans.current('acme')!.unassigned).toEqual([{ shipmentId: 'shp-o-3', reasons: ['capacity'] }]);
    expect(queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-o-3' }).entries.map((e) => `${e.kind}:${e.outcome}`)).toEqual(['carrier.tender:executed']);
    expect(queryDecisions(rt.store.db, { ...T, kind: 'carrier.tender' }).entries).toHaveLength(1);
  });

  it('gives the same plan for the same input (determinism)', async () => {
    const plans = [];
    for (let run = 0; run < 2; run++) {
      const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
      for (const [i, id] of ['o-1', 'o-2', 'o-3', 'o-4'].entries()) await rt.pick(id, { completedAt: `08:1${i}`, load: pallets(1), order: { windows: window(`1${i}:00`, '15:00') } });
      await rt.runner.drain();
      plans.push({ plan: rt.store.plans.current('acme'), log: queryDecisions(rt.store.db, T).entries.map((e) => e.hash) });
    }
    expect(plans[1]).toEqual(plans[0]);
  });
});

describe('Dispatch agent: a dispatcher overrides', () => {
  const dana = { id: 'user:dana', role: 'dispatcher' as const, tenant: 'acme' };

  it('an overridden assignment is undone: the shipment is ready again, its ETA gone, the plan no longer counts on it', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.pick('o-2', { completedAt: '08:05' });
    await rt.runner.drain();
    const [assign] = queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-o-2', kind: 'route.assign' }).entries;
    const version = rt.store.plans.current('acme')!.version;
    rt.governance.override(assign!.id, dana, 'o-2 waits for the afternoon van');
    await rt.runner.deliver();
    expect(rt.store.shipments.require('acme', 'shp-o-2')).toMatchObject({ status: 'ready' });
    expect(rt.store.shipments.require('acme', 'shp-o-2').vehicleId).toBeUndefined();
    expect(rt.store.etas.get('acme', 'shp-o-2')).toBeUndefined();
    expect(rt.store.shipments.require('acme', 'shp-o-1').status).toBe('assigned');
    const plan = rt.store.plans.current('acme')!;
    expect(plan.version).toBe(version + 1);
    expect(plan.routes.flatMap((r) => r.stops.map((s) => s.shipmentId))).toEqual(['shp-o-1']);
  });
});

describe('Dispatch agent: re-plans', () => {
  it('a van down: what it served stays, its unserved stops move to the other van, the re-plan says why', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.pick('o-2', { completedAt: '08:00', order: { windows: window('09:00', '09:30') } });
    await rt.runner.drain();
    const van = rt.store.shipments.require('acme', 'shp-o-1').vehicleId!;
    const other = van === 'v1' ? 'v2' : 'v1';
    await rt.down(van, '09:30');
    await rt.runner.drain();
    // o-2 was served at 09:00, before the breakdown; o-1 (10:00) goes to the other van, reloaded by 09:50.
    expect(rt.store.shipments.require('acme', 'shp-o-2').vehicleId).toBe(van);
    expect(rt.store.shipments.require('acme', 'shp-o-1')).toMatchObject({ status: 'assigned', vehicleId: other });
    const [entry] = queryDecisions(rt.store.db, { ...T, kind: 'route.replan' }).entries;
    expect(entry).toMatchObject({ outcome: 'executed', proposal: { payload: { vehicleIds: [van, other], shipmentIds: ['shp-o-1'] } } });
    expect(entry!.explanation.summary).toContain(`${van} went down at 09:30 UTC (breakdown)`);
    expect(entry!.explanation.constraints).toContain(`served before the breakdown, stay on ${van}: shp-o-2`);
    expect(entry!.proposal!.impact.slaRisk).toBeLessThanOrEqual(0.05);
  });

  it("a van down at one depot: that depot is re-planned, and the other depots' routes stay in the plan as they were", async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
    rt.store.vehicles.put({ ...rt.store.vehicles.require('acme', 'v1'), id: 's1', depotId: 'south', name: 's1' });
    await rt.pick('o-s', { completedAt: '08:00', order: { depotId: 'south' } });
    await rt.pick('o-1', { completedAt: '08:00' });
    await rt.runner.drain();
    const south = rt.store.plans.current('acme')!.routes.find((r) => r.vehicleId === 's1');
    expect(south?.stops.map((st) => st.shipmentId)).toEqual(['shp-o-s']);
    await rt.down(rt.store.shipments.require('acme', 'shp-o-1').vehicleId!, '08:30');
    await rt.runner.drain();
    const [entry] = queryDecisions(rt.store.db, { ...T, kind: 'route.replan' }).entries;
    expect(entry!.proposal!.payload.shipmentIds).toEqual(['shp-o-1']);
    expect(rt.store.plans.current('acme')!.routes.find((r) => r.vehicleId === 's1')).toEqual(south);
    expect(rt.store.shipments.require('acme', 'shp-o-s')).toMatchObject({ status: 'assigned', vehicleId: 's1' });
  });

  it('a van down with a stop nobody can reach in time: the stop is named unassigned and the re-plan waits for a dispatcher', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
    await rt.pick('o-1', { completedAt: '08:00', order: { windows: window('10:00', '10:20') } });
    await rt.runner.drain();
    const van = rt.store.shipments.require('acme', 'shp-o-1').vehicleId!;
    await rt.down(van, '09:55');
    await rt.runner.drain();
    const [entry] = queryDecisions(rt.store.db, { ...T, kind: 'route.replan' }).entries;
    expect(entry).toMatchObject({ level: 'L1', outcome: 'queued', proposal: { payload: { shipmentIds: ['shp-o-1'] }, impact: { slaRisk: 0.5 } } });
    expect(entry!.explanation.summary).toContain('SLA risk: shp-o-1 unassigned.');
    expect(entry!.explanation.constraints.join('\n')).toMatch(/shp-o-1 unassigned \(release, time_window\): no own van can serve it in its window/);
    // Nothing moves until a dispatcher decides, not even when a later pick's assignment executes on the newer plan.
    await rt.pick('o-9', { completedAt: '09:56', order: { windows: window('13:00', '15:00') } });
    await rt.runner.drain();
    expect(rt.store.shipments.require('acme', 'shp-o-9').status).toBe('assigned');
    expect(rt.store.shipments.require('acme', 'shp-o-1')).toMatchObject({ status: 'assigned', vehicleId: van });
    expect(rt.store.etas.get('acme', 'shp-o-1')!.eta).toBe('2026-11-23T10:00:00Z');
  });

  it('a raised priority gets a rush order onto the full van; the lowest-priority stop makes room and is named', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent });
    rt.store.vehicles.put({ ...rt.store.vehicles.require('acme', 'v2'), status: 'maintenance' });
    await rt.pick('o-1', { completedAt: '08:00', load: pallets(2), order: { priority: 40 } });
    await rt.pick('o-2', { completedAt: '08:00', load: pallets(2), order: { priority: 60 } });
    await rt.pick('o-3', { completedAt: '08:01', load: pallets(2), order: { priority: 50 } });
    await rt.runner.drain();
    // v1 is back from its route by 10:17: o-3, due by 12:00, waits for that trip rather than go to a carrier.
    expect(rt.store.plans.current('acme')!.unassigned).toEqual([{ shipmentId: 'shp-o-3', reasons: ['awaiting_vehicle'], nextTrip: { vehicleId: 'v1', backAt: '2026-11-23T10:17:25Z' } }]);
    rt.send('erp.order.priority_changed', { orderId: 'o-3', priority: 95, slaTier: 'critical', reason: 'customer escalated' });
    await rt.runner.drain();
    const plan = rt.store.plans.current('acme')!;
    expect(plan.routes[0]!.stops.map((s) => s.shipmentId).sort()).toEqual(['shp-o-2', 'shp-o-3']);
    expect(plan.unassigned).toEqual([{ shipmentId: 'shp-o-1', reasons: ['awaiting_vehicle'], nextTrip: { vehicleId: 'v1', backAt: expect.any(String) } }]);
    const [entry] = queryDecisions(rt.store.db, { ...T, kind: 'route.replan' }).entries;
    expect(entry!.proposal!.payload).toMatchObject({ vehicleIds: ['v1'], reason: 'priority of o-3 50 → 95 (customer escalated)' });
    expect(entry!.explanation.constraints).toContain('stops placed in order: shp-o-3, shp-o-2, shp-o-1');
    expect(entry!.explanation.summary).toContain('shp-o-1 waits for a van\'s next trip.');
    // Dispatch state keeps the new priority and tier, so the next insertion plans with them.
    expect(rt.store.orders.get('acme', 'o-3')).toMatchObject({ priority: 95, slaTier: 'critical' });
  });
});
