import { describe, expect, it } from 'vitest';
import { proposal } from '../test/fixtures/decisions.ts';
import { tinyDay, tinyOrder } from '../test/fixtures/tiny-day.ts';
import { openTinyRuntime } from '../test/fixtures/tiny-runtime.ts';
import { createApiKey } from './api/keys.ts';
import { capacityAgent } from './agents/capacity.ts';
import { createApp } from './server.ts';

async function setup() {
  const rt = await openTinyRuntime({ capacity: capacityAgent });
  const day = tinyDay();
  for (const v of day.vehicles) rt.store.vehicles.put(v);
  rt.store.orders.put(tinyOrder('o-1'));
  rt.store.orders.put(tinyOrder('o-2', { status: 'held' }));
  rt.store.orders.put(tinyOrder('o-3'));
  rt.store.tenants.put({ ...day.tenant, id: 'globex', name: 'Globex' });
  const key = (role: 'dispatcher' | 'finance' | 'auditor' | 'admin' | 'integration', tenant = 'acme') =>
    createApiKey(rt.store.db, rt.clock, { tenant, role, name: `${tenant}-${role}` }).secret;
  const keys = { dispatcher: key('dispatcher'), finance: key('finance'), auditor: key('auditor'), admin: key('admin'), integration: key('integration'), globex: key('admin', 'globex') };
  const app = createApp({ store: rt.store, ports: rt.ports, governance: rt.governance, inbox: rt.inbox, runner: rt.runner, version: '0.0.0-test', status: () => ({ day: 'tiny' }) });
  const call = (path: string, secret: string | undefined, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const json = async (res: Response) => (await res.json()) as Record<string, any>;
  return { rt, keys, call, json };
}

describe('HTTP API: reads', () => {
  it('answers /healthz without a key', async () => {
    const { call, json } = await setup();
    const res = await call('/healthz', undefined);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok', version: '0.0.0-test', day: 'tiny' });
  });

  it('refuses /v1 without a key or with an unknown one, saying which', async () => {
    const { call, json } = await setup();
    const none = await call('/v1/orders', undefined);
    expect(none.status).toBe(401);
    expect((await json(none)).error.message).toMatch(/Authorization header is missing/);
    expect((await json(await call('/v1/orders', 'mk_nope'))).error.message).toBe('API key is not known');
  });

  it('lists orders with a status filter and paging, and one order; 404 names an unknown one', async () => {
    const { call, keys, json } = await setup();
    const page = await json(await call('/v1/orders?status=created&limit=1', keys.dispatcher));
    expect(page.items.map((o: { id: string }) => o.id)).toEqual(['o-1']);
    const next = await json(await call(`/v1/orders?status=created&limit=1&after=${page.next}`, keys.dispatcher));
    expect(next.items.map((o: { id: string }) => o.id)).toEqual(['o-3']);
    expect((await json(await call('/v1/orders/o-2', keys.auditor))).status).toBe('held');
    const missing = await call('/v1/orders/o-9', keys.dispatcher);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: { code: 'not_found', message: "orderId: unknown order 'o-9'" } });
    expect((await json(await call('/v1/fleet', keys.dispatcher))).items.map((v: { id: string }) => v.id)).toEqual(['v1', 'v2']);
  });

  it('refuses bad query parameters with 400 naming each', async () => {
    const { call, keys, json } = await setup();
    const res = await call('/v1/orders?status=lost&limit=0', keys.dispatcher);
    expect(res.status).toBe(400);
    expect((await json(res)).error.issues.map((i: { path: string }) => i.path)).toEqual(['status', 'limit']);
  });

  it('an integration key may not read', async () => {
    const { call, keys } = await setup();
    expect((await call('/v1/orders', keys.integration)).status).toBe(403);
  });
});

describe('HTTP API: governance', () => {
  it('a dispatcher approves a queued hold; the order is held in the OMS; finance and auditor may not', async () => {
    const { rt, call, keys, json } = await setup();
    await rt.ports.oms.createOrder({ order: tinyOrder('o-7', { customerId: 'c-late' }) });
    rt.send('oms.order.created', { order: tinyOrder('o-7', { customerId: 'c-late' }) });
    await rt.runner.drain();
    const reviews = (await json(await call('/v1/reviews?status=pending', keys.auditor))).items;
    expect(reviews.map((r: { kind: string }) => r.kind)).toEqual(['order.hold']);
    const path = `/v1/reviews/${reviews[0].id}/approve`;
    expect((await call(path, keys.finance, { method: 'POST', body: JSON.stringify({ reason: 'x' }) })).status).toBe(403);
    expect((await call(path, keys.auditor, { method: 'POST', body: JSON.stringify({ reason: 'x' }) })).status).toBe(403);
    const noReason = await call(path, keys.dispatcher, { method: 'POST', body: '{}' });
    expect(noReason.status).toBe(400);
    const ok = await call(path, keys.dispatcher, { method: 'POST', body: JSON.stringify({ reason: 'customer on stop list' }) });
    expect(ok.status).toBe(200);
    expect((await json(ok)).decision).toMatchObject({ outcome: 'approved', actor: 'key:acme-dispatcher' });
    expect((await rt.ports.oms.getOrder({ tenant: 'acme', orderId: 'o-7' })).status).toBe('held');
    const decision = await json(await call(`/v1/decisions/${reviews[0].decisionId}`, keys.auditor));
    expect(decision.actedOnBy.map((d: { outcome: string }) => d.outcome)).toEqual(['approved']);
    expect((await json(await call('/v1/decisions?orderId=o-7', keys.dispatcher))).entries).toHaveLength(2);
  });

  it('a key of another tenant cannot read or approve this tenant\'s decisions', async () => {
    const { rt, call, keys, json } = await setup();
    await rt.ports.oms.createOrder({ order: tinyOrder('o-7', { customerId: 'c-late' }) });
    rt.send('oms.order.created', { order: tinyOrder('o-7', { customerId: 'c-late' }) });
    await rt.runner.drain();
    const [review] = (await json(await call('/v1/reviews', keys.admin))).items;
    expect((await json(await call('/v1/reviews', keys.globex))).items).toEqual([]);
    expect((await json(await call('/v1/decisions', keys.globex))).entries).toEqual([]);
    expect((await call(`/v1/decisions/${review.decisionId}`, keys.globex)).status).toBe(404);
    expect((await call(`/v1/reviews/${review.id}/approve`, keys.globex, { method: 'POST', body: JSON.stringify({ reason: 'mine' }) })).status).toBe(404);
    expect((await call('/v1/orders?tenant=acme', keys.globex)).status).toBe(404);
    expect(rt.governance.getReview('acme', review.id).status).toBe('pending');
  });

  it('a dispatcher overrides an L2 tender inside its window: the carrier cancels it', async () => {
    const { rt, call, keys, json } = await setup();
    const tender = proposal(1, { payload: { shipmentId: 'shp-1', carrierId: 'fastco', depotId: 'north', zone: 'N1', weightKg: 100, amount: { amountMinor: 3300, currency: 'EUR' }, pickupAt: '2026-11-23T10:00:00Z' } });
    const { decision } = rt.governance.decide({ proposal: tender, agent: 'carrier' });
    await rt.runner.deliver();
    const res = await call(`/v1/decisions/${decision.id}/override`, keys.dispatcher, { method: 'POST', body: JSON.stringify({ reason: 'own van has room' }) });
    expect(res.status).toBe(200);
    expect((await json(res)).outbox.status).toBe('delivered');
    await expect(rt.ports.carrier.getStatus({ tenant: 'acme', shipmentId: 'shp-1' })).rejects.toThrow(/unknown tendered shipment/);
  });

  it('lists dead letters; only an admin replays one', async () => {
    const { rt, call, keys, json } = await setup();
    const bad = proposal(2, { payload: { shipmentId: 'shp-2' } });
    const { outbox } = rt.governance.decide({ proposal: bad, agent: 'carrier' });
    await rt.runner.deliver();
    expect((await json(await call('/v1/dead-letters', keys.auditor))).items.map((i: { id: string }) => i.id)).toEqual([outbox!.id]);
    expect((await call(`/v1/dead-letters/${outbox!.id}/replay`, keys.dispatcher, { method: 'POST' })).status).toBe(403);
    const replay = await call(`/v1/dead-letters/${outbox!.id}/replay`, keys.admin, { method: 'POST' });
    expect(replay.status).toBe(200);
    expect((await json(replay)).attempts).toBe(1);
  });
});

describe('HTTP API: plan and order status', () => {
  it('gives the current plan, also as GeoJSON', async () => {
    const { rt, call, keys, json } = await setup();
    expect(await json(await call('/v1/plan', keys.dispatcher))).toEqual({ tenant: 'acme', plan: null });
    const stop = (id: string, lat: number) => ({
      shipmentId: id, kind: 'delivery' as const, location: { lat, lon: 4.9 }, arrivalAt: '2026-11-23T10:10:00Z', serviceStartAt: '2026-11-23T10:10:00Z',
      departureAt: '2026-11-23T10:15:00Z', eta: '2026-11-23T10:10:00Z', status: 'planned' as const,
    });
    rt.store.plans.save({
      id: 'plan-1', tenant: 'acme', version: 0, createdAt: '2026-11-23T08:00:00Z', unassigned: [],
      routes: [{ vehicleId: 'v1', departAt: '2026-11-23T09:50:00Z', returnAt: '2026-11-23T11:00:00Z', stops: [stop('s1', 52.4), stop('s2', 52.41)], distanceM: 12000, durationS: 4200, cost: { amountMinor: 900, currency: 'EUR' } }],
    });
    expect((await json(await call('/v1/plan', keys.dispatcher))).plan.version).toBe(1);
    const geo = await json(await call('/v1/plan?format=geojson', keys.dispatcher));
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f: { geometry: { type: string } }) => f.geometry.type)).toEqual(['LineString', 'Point', 'Point']);
    expect(geo.features[0].geometry.coordinates).toEqual([[4.9, 52.4], [4.9, 52.41]]);
    expect((await call('/v1/plan?format=kml', keys.dispatcher)).status).toBe(400);
  });

  it('gives an order\'s status across OMS, WMS, ERP, notices and decisions', async () => {
    const { rt, call, keys, json } = await setup();
    await rt.ports.oms.createOrder({ order: tinyOrder('o-8') });
    rt.send('oms.order.created', { order: tinyOrder('o-8') });
    await rt.runner.drain();
    const status = await json(await call('/v1/orders/o-8/status', keys.auditor));
    expect(status.oms.status).toBe('allocated');
    expect(status.wms.tasks).toHaveLength(1);
    expect(status.decisions.map((d: { kind: string }) => d.kind)).toEqual(['order.release']);
    expect((await call('/v1/orders/o-404/status', keys.auditor)).status).toBe(404);
  });
});
