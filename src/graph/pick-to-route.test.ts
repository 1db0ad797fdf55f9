/** Issue 5 end to end: signed events posted to the API, the runtime's agents and the policy gate, what a user then sees. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { createApiKey } from '../api/keys.ts';
import { createWebhookSecret, signWebhook } from '../api/webhook-signature.ts';
import { type EventType, ManualClock, type Order, toEpochSeconds } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { loadDefaultPolicy, type Policy } from '../policies/index.ts';
import { createApp } from '../server.ts';
import { openRuntime } from './runtime.ts';

const T = { tenant: 'acme' };
const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const window = (from: string, to: string) => [{ start: at(from), end: at(to) }];

interface OrderStatus {
  dispatch: { shipmentId: string; status: string; vehicleId: string | null; eta: string | null }[];
  customer: { messages: { template: string; status: string }[] };
  decisions: { kind: string; level: string; outcome: string; summary: string }[];
}

/** The runtime over the tiny day (two vans at north) behind the HTTP API, with signed webhooks and a dispatcher key. */
async function setup(policy: Policy = loadDefaultPolicy()) {
  const clock = new ManualClock(toEpochSeconds(at('07:00')));
  const rt = openRuntime(mkdtempSync(join(tmpdir(), 'marshal-p2r-')), tinyDay(), clock, { policy, policySource: 'default' });
  const key = (role: 'integration' | 'dispatcher') => createApiKey(rt.store.db, clock, { ...T, role, name: role }).secret;
  const keys = { integration: key('integration'), dispatcher: key('dispatcher') };
  const secret = createWebhookSecret(rt.store.db, clock, 'acme');
  const app = createApp({ store: rt.store, ports: rt.ports, governance: rt.governance, inbox: rt.inbox, runner: rt.runner, version: 'test', wallClock: clock });
  let n = 0;
  /** Posts a signed CloudEvent at `hhmm` (the clock moves there) and waits for the agents. */
  const post = async (hhmm: string, type: EventType, data: unknown) => {
    clock.set(toEpochSeconds(at(hhmm)));
    const id = `evt-${++n}`;
    const body = JSON.stringify({ specversion: '1.0', id, source: '/acme', type, time: at(hhmm), tenant: 'acme', data });
    const ts = clock.now();
    const res = await app.request('/v1/events', {
      method: 'POST', body,
      headers: { authorization: `Bearer ${keys.integration}`, 'content-type': 'application/cloudevents+json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, body) },
    });
    expect(res.status).toBe(202);
    await rt.runner.drain();
    return id;
  };
  /** An order that is released and then picked at `hhmm`. */
  const orderAndPick = async (hhmm: string, id: string, over: Partial<Order> = {}) => {
    const order = tinyOrder(id, { createdAt: at('07:00'), ...over });
    await rt.ports.oms.createOrder({ order });
    await post(hhmm, 'oms.order.created', { order });
    return post(hhmm, 'wms.pick.completed', { orderId: id, shipmentId: `shp-${id}`, depotId: 'north', load: order.load, completedAt: at(hhmm) });
  };
  const get = async <R>(path: string): Promise<R> => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${keys.dispatcher}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as R;
  };
  const status = (orderId: string) => get<OrderStatus>(`/v1/orders/${orderId}/status`);
  /** The shipments on the current plan's routes, as the API shows them. */
  const stopsOf = async () => (await get<{ plan: { routes: { stops: { shipmentId: string }[] }[] } }>('/v1/plan')).plan.routes.flatMap((r) => r.stops.map((st) => st.shipmentId));
  return { rt, clock, app, keys, post, orderAndPick, get, status, stopsOf };
}

describe('pick completed → on a route, dock and load set, customer told; van down → re-planned, customers told, SLA risk flagged', () => {
  it('a completed pick puts the shipment on a van with a door, a load order and an ETA the customer is sent, each logged with an explanation', async () => {
    const { rt, orderAndPick, status, get } = await setup();
    const pick = await orderAndPick('08:00', 'o-1');
    const o1 = await status('o-1');
    expect(o1.dispatch).toEqual([{ shipmentId: 'shp-o-1', status: 'assigned', vehicleId: expect.stringMatching(/^v[12]$/), eta: at('10:00'), carrierId: null }]);
    const van = o1.dispatch[0]!.vehicleId!;
    expect(o1.customer.messages).toEqual([expect.objectContaining({ template: 'eta', status: 'sent' })]);
    const { plan } = await get<{ plan: { routes: { vehicleId: string; departAt: string; stops: { shipmentId: string }[] }[] } }>('/v1/plan');
    expect(plan.routes).toEqual([expect.objectContaining({ vehicleId: van, stops: [expect.objectContaining({ shipmentId: 'shp-o-1' })] })]);
    // Loading ends as the van leaves, timed to reach the 10:00 window as it opens.
    const departs = plan.routes[0]!.departAt;
    const slotStart = new Date(Date.parse(departs) - 20 * 60_000).toISOString().replace('.000', '');
    const { bookings } = await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: { start: at('06:00'), end: at('16:00') } });
    expect(bookings).toEqual([expect.objectContaining({ door: 1, vehicleId: van, slot: { start: slotStart, end: departs }, shipmentIds: ['shp-o-1'] })]);
    expect(departs > at('09:30') && departs < at('10:00')).toBe(true);
    const decided = queryDecisions(rt.store.db, { ...T, eventId: pick }).entries;
    expect(decided.map((e) => `${e.agent}:${e.kind}:${e.outcome}`)).toEqual([
      'dispatch:route.assign:executed', 'hub:dock.assign:executed', 'hub:load.sequence:executed', 'customer:customer.notify:executed',
    ]);
    for (const e of decided) expect(e.explanation.summary.length).toBeGreaterThan(20);
    expect(decided[0]!.explanation.summary).toContain(`Put shp-o-1 on ${van}`);
    rt.close();
  });

  it('a route held for a dispatcher: nothing follows it until approved, then the door, the load order and the ETA do', async () => {
    const policy = loadDefaultPolicy();
    policy.kinds['route.assign'] = { ...policy.kinds['route.assign']!, level: 'L1' };
    const { rt, app, keys, orderAndPick, status } = await setup(policy);
    const pick = await orderAndPick('08:00', 'o-1');
    const kinds = () => queryDecisions(rt.store.db, { ...T, eventId: pick }).entries.map((e) => `${e.agent}:${e.kind}:${e.outcome}`);
    expect(kinds()).toEqual(['dispatch:route.assign:queued']);
    expect((await status('o-1')).customer.messages).toEqual([]);
    const [review] = rt.governance.listReviews('acme', { status: 'pending' });
    const res = await app.request(`/v1/reviews/${review!.id}/approve`, { method: 'POST', body: JSON.stringify({ reason: 'fine' }), headers: { authorization: `Bearer ${keys.dispatcher}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(kinds()).toEqual([
      'dispatch:route.assign:queued', 'dispatch:route.assign:approved', 'hub:dock.assign:executed', 'hub:load.sequence:executed', 'customer:customer.notify:executed',
    ]);
    const o1 = await status('o-1');
    expect(o1.dispatch[0]).toMatchObject({ status: 'assigned', eta: at('10:00') });
    expect(o1.customer.messages).toEqual([expect.objectContaining({ template: 'eta', status: 'sent' })]);
    const { bookings } = await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: { start: at('06:00'), end: at('16:00') } });
    expect(bookings).toEqual([expect.objectContaining({ vehicleId: o1.dispatch[0]!.vehicleId, shipmentIds: ['shp-o-1'] })]);
    rt.close();
  });

  it('a route the dispatcher rejects comes off the plan, and the next pick does not build on it', async () => {
    const policy = loadDefaultPolicy();
    policy.kinds['route.assign'] = { ...policy.kinds['route.assign']!, level: 'L1' };
    const { rt, app, keys, orderAndPick, stopsOf } = await setup(policy);
    await orderAndPick('08:00', 'o-1');
    expect(await stopsOf()).toEqual(['shp-o-1']);
    const [review] = rt.governance.listReviews('acme', { status: 'pending' });
    const res = await app.request(`/v1/reviews/${review!.id}/reject`, { method: 'POST', body: JSON.stringify({ reason: 'customer collects' }), headers: { authorization: `Bearer ${keys.dispatcher}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(await stopsOf()).toEqual([]);
    await orderAndPick('08:30', 'o-2');
    expect(await stopsOf()).toEqual(['shp-o-2']);
    rt.close();
  });

  it('a route nobody reviews in time expires: it never runs and comes off the plan', async () => {
    const policy = loadDefaultPolicy();
    policy.kinds['route.assign'] = { ...policy.kinds['route.assign']!, level: 'L1', reviewDeadlineSeconds: 600 };
    const { rt, orderAndPick, stopsOf } = await setup(policy);
    await orderAndPick('08:00', 'o-1');
    expect(await stopsOf()).toEqual(['shp-o-1']);
    // The next events come after the deadline: the runner expires the review at once and the thread learns it.
    await orderAndPick('08:30', 'o-2');
    expect(rt.governance.listReviews('acme', { status: 'expired' })).toHaveLength(1);
    expect(queryDecisions(rt.store.db, { ...T, kind: 'route.assign' }).entries.map((e) => `${e.proposal!.payload.shipmentId}:${e.outcome}`))
      .toEqual(['shp-o-1:queued', 'shp-o-1:expired', 'shp-o-2:queued']);
    expect(await stopsOf()).toEqual(['shp-o-2']);
    rt.close();
  });

  it('a pick no van has room for waits for a van\'s next trip instead of a carrier, and goes on that van once its last stop is done', async () => {
    const { rt, orderAndPick, post, status } = await setup();
    const heavy = { load: { weightKg: 900, volumeM3: 1, pallets: 1 } };
    await orderAndPick('08:00', 'o-1', heavy);
    await orderAndPick('08:00', 'o-2', heavy);
    // Both vans carry 900 of their 1000 kg; a third 900 kg order due by 16:00 fits neither now.
    const pick = await orderAndPick('08:10', 'o-3', { ...heavy, windows: window('10:00', '16:00') });
    const held = rt.store.plans.current('acme')!.unassigned.find((u) => u.shipmentId === 'shp-o-3');
    expect(held).toMatchObject({ reasons: ['awaiting_vehicle'], nextTrip: { vehicleId: expect.stringMatching(/^v[12]$/) } });
    const van = held!.nextTrip!.vehicleId;
    expect(queryDecisions(rt.store.db, { ...T, eventId: pick }).entries.map((e) => e.kind)).not.toContain('carrier.tender');
    expect((await status('o-3')).dispatch[0]).toMatchObject({ status: 'ready', vehicleId: null, eta: null });
    expect((await status('o-3')).customer.messages).toEqual([]);
    // The van's one stop is delivered: on its way back it takes o-3, leaving once back and loaded.
    const first = (await status('o-1')).dispatch[0]!.vehicleId === van ? 'o-1' : 'o-2';
    const returnAt = rt.store.plans.current('acme')!.routes.find((r) => r.vehicleId === van)!.returnAt;
    const pod = await post('10:06', 'driver.pod.captured', { shipmentId: `shp-${first}`, orderId: first, vehicleId: van, deliveredAt: at('10:06'), signedBy: 'J. Jansen' });
    const decided = queryDecisions(rt.store.db, { ...T, eventId: pod }).entries;
    expect(decided.map((e) => `${e.agent}:${e.kind}:${e.outcome}`)).toEqual([
      'dispatch:route.replan:executed', 'hub:dock.assign:executed', 'hub:load.sequence:executed', 'customer:customer.notify:executed', 'settlement:invoice.post:executed',
    ]);
    expect(decided[0]!.explanation.summary).toContain(`shp-o-3 → ${van}`);
    const o3 = await status('o-3');
    expect(o3.dispatch[0]).toMatchObject({ status: 'assigned', vehicleId: van });
    expect(Date.parse(o3.dispatch[0]!.eta!)).toBeGreaterThan(Date.parse(returnAt) + 20 * 60_000);
    expect(o3.customer.messages).toEqual([expect.objectContaining({ template: 'eta', status: 'sent' })]);
    // A door for the second trip, loading as the van gets back; the first trip's booking stays as it was.
    const { bookings } = await rt.ports.wms.getDockDoors({ ...T, depotId: 'north', window: { start: at('06:00'), end: at('16:00') } });
    const trips = bookings.filter((b) => b.vehicleId === van).map((b) => b.shipmentIds);
    expect(trips).toEqual([[`shp-${first}`], ['shp-o-3']]);
    rt.close();
  });

  it('a pick of an order held for a dispatcher is not routed, tendered or announced to the customer', async () => {
    const { rt, orderAndPick, status } = await setup();
    // c-store owes 4000 of its 5000 credit limit: a 1200 order waits for a dispatcher, yet the WMS reports it picked.
    const pick = await orderAndPick('08:00', 'o-7', { customerId: 'c-store' });
    const o7 = await status('o-7');
    expect(o7.decisions.map((d) => `${d.kind}:${d.outcome}`)).toEqual(['order.hold:queued']);
    expect(o7.dispatch).toEqual([expect.objectContaining({ shipmentId: 'shp-o-7', vehicleId: null, eta: null })]);
    expect(o7.customer.messages).toEqual([]);
    expect(queryDecisions(rt.store.db, { ...T, eventId: pick }).entries).toEqual([]);
    rt.close();
  });

  it('the load order is last drop first across picks, and the same events give the same plan and decisions', async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const { rt, orderAndPick } = await setup();
      await orderAndPick('08:00', 'o-1', { windows: window('11:00', '12:00') });
      await orderAndPick('08:00', 'o-2', { windows: window('09:00', '10:00') });
      const sequences = queryDecisions(rt.store.db, { ...T, kind: 'load.sequence' }).entries.map((e) => e.proposal!.payload.shipmentIds);
      runs.push({ sequences, plan: rt.store.plans.current('acme'), hashes: queryDecisions(rt.store.db, T).entries.map((e) => e.hash) });
      rt.close();
    }
    expect(runs[0]!.sequences).toEqual([['shp-o-1'], ['shp-o-1', 'shp-o-2']]);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('a van down: its stops move to the other van, which gets a door and a load order, the customer hears the changed ETA, and the re-plan states its SLA risk', async () => {
    const { rt, orderAndPick, post, status } = await setup();
    await orderAndPick('08:00', 'o-1', { windows: window('09:00', '12:00') });
    const van = (await status('o-1')).dispatch[0]!.vehicleId!;
    const other = van === 'v1' ? 'v2' : 'v1';
    const down = await post('08:50', 'telematics.vehicle.down', { vehicleId: van, at: at('08:50'), location: { lat: 52.38, lon: 4.92 }, reason: 'breakdown' });
    const o1 = await status('o-1');
    // Reloaded onto the other van by 09:10, a few minutes' drive: 09:17 instead of the 09:00 the customer was told.
    expect(o1.dispatch[0]).toMatchObject({ status: 'assigned', vehicleId: other, eta: '2026-11-23T09:17:25Z' });
    expect(o1.customer.messages.map((m) => m.template)).toEqual(['eta', 'eta']);
    expect((await rt.ports.notify.listMessages({ ...T, orderId: 'o-1' }))[1]!.body).toBe('Your delivery o-1 is now expected at 09:17 UTC instead of 09:00 UTC, still within your window 09:00 UTC–12:00 UTC.');
    const [replan] = queryDecisions(rt.store.db, { ...T, eventId: down, kind: 'route.replan' }).entries;
    expect(replan).toMatchObject({ level: 'L2', outcome: 'executed', proposal: { payload: { vehicleIds: [van, other], shipmentIds: ['shp-o-1'] }, impact: { slaRisk: 0.05 } } });
    expect(replan!.explanation.summary).toBe(`${van} went down at 08:50 UTC (breakdown): re-plan its 1 unserved stop(s). shp-o-1 → ${other} (ETA 09:17 UTC).`);
    // The van that takes the stop has not left: it gets a door before it does, and its load order.
    const departs = rt.store.plans.current('acme')!.routes.find((r) => r.vehicleId === other)!.departAt;
    const hub = queryDecisions(rt.store.db, { ...T, eventId: down, agent: 'hub' }).entries;
    expect(hub.map((e) => [e.kind, e.outcome, e.proposal?.payload.vehicleId])).toEqual([['dock.assign', 'executed', other], ['load.sequence', 'executed', other]]);
    expect(hub[0]!.proposal!.payload).toMatchObject({ slot: { end: departs }, shipmentIds: ['shp-o-1'] });
    rt.close();
  });

  it('a van down with a stop nobody can reach in time: the re-plan names it, flags the SLA risk and waits for a dispatcher, whose approval applies it', async () => {
    const { rt, app, keys, orderAndPick, post, status } = await setup();
    await orderAndPick('08:00', 'o-1', { windows: window('09:00', '12:00') });
    await orderAndPick('08:00', 'o-2', { windows: window('09:00', '09:15') });
    const van = (await status('o-2')).dispatch[0]!.vehicleId!;
    expect((await status('o-1')).dispatch[0]!.vehicleId).toBe(van);
    const down = await post('08:50', 'telematics.vehicle.down', { vehicleId: van, at: at('08:50'), location: { lat: 52.38, lon: 4.92 }, reason: 'breakdown' });
    const [replan] = queryDecisions(rt.store.db, { ...T, eventId: down, kind: 'route.replan' }).entries;
    expect(replan).toMatchObject({ level: 'L1', outcome: 'queued', proposal: { impact: { slaRisk: 0.5 } } });
    expect(replan!.explanation.summary).toContain('SLA risk: shp-o-2 unassigned.');
    expect(replan!.explanation.constraints).toContain('shp-o-2 unassigned (release, time_window): no own van can serve it in its window; left to the Carrier agent');
    // Nothing has moved yet; the dispatcher approves through the API.
    expect((await status('o-1')).dispatch[0]!.vehicleId).toBe(van);
    const [review] = rt.governance.listReviews('acme', { status: 'pending' });
    const res = await app.request(`/v1/reviews/${review!.id}/approve`, { method: 'POST', body: JSON.stringify({ reason: 'o-2 goes by courier' }), headers: { authorization: `Bearer ${keys.dispatcher}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect((await status('o-1')).dispatch[0]).toMatchObject({ status: 'assigned', vehicleId: van === 'v1' ? 'v2' : 'v1' });
    expect((await status('o-2')).dispatch[0]).toMatchObject({ status: 'ready', vehicleId: null, eta: null });
    // Approved, the re-plan's van gets its door and load order for o-1.
    const hub = queryDecisions(rt.store.db, { ...T, eventId: down, agent: 'hub' }).entries;
    expect(hub.map((e) => [e.kind, e.proposal?.payload.vehicleId])).toEqual([['dock.assign', van === 'v1' ? 'v2' : 'v1'], ['load.sequence', van === 'v1' ? 'v2' : 'v1']]);
    rt.close();
  });
});
