import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../test/fixtures/tiny-day.ts';
import { ManualClock } from './domain/index.ts';
import { createApp } from './server.ts';
import { openStore } from './store/index.ts';

function app(tenants = 1) {
  const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
  const day = tinyDay();
  store.tenants.put(day.tenant);
  if (tenants > 1) store.tenants.put({ ...day.tenant, id: 'globex', name: 'Globex' });
  for (const v of day.vehicles) store.vehicles.put(v);
  store.orders.put(tinyOrder('o-1'));
  store.orders.put(tinyOrder('o-2', { status: 'held' }));
  store.orders.put(tinyOrder('o-3'));
  return createApp({ store, version: '0.0.0-test', status: () => ({ day: 'tiny' }) });
}

describe('HTTP API', () => {
  it('answers /healthz with status, version and what is running', async () => {
    const res = await app().request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.0.0-test', day: 'tiny' });
  });

  it('lists orders with a status filter and paging', async () => {
    const res = await app().request('/v1/orders?status=created&limit=1');
    const page = (await res.json()) as { tenant: string; items: { id: string }[]; next?: string };
    expect(page.tenant).toBe('acme');
    expect(page.items.map((o) => o.id)).toEqual(['o-1']);
    const next = await app().request(`/v1/orders?status=created&limit=1&after=${page.next}`);
    expect(((await next.json()) as typeof page).items.map((o) => o.id)).toEqual(['o-3']);
  });

  it('gives one order, and 404 naming an unknown one', async () => {
    const a = app();
    expect(((await (await a.request('/v1/orders/o-2')).json()) as { status: string }).status).toBe('held');
    const res = await a.request('/v1/orders/o-9');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: "orderId: unknown order 'o-9'" } });
  });

  it('lists the fleet', async () => {
    const body = (await (await app().request('/v1/fleet')).json()) as { items: { id: string; status: string }[] };
    expect(body.items.map((v) => [v.id, v.status])).toEqual([['v1', 'available'], ['v2', 'available']]);
  });

  it('refuses bad query parameters with 400 naming each, and an unknown tenant with 404', async () => {
    const res = await app().request('/v1/orders?status=lost&limit=0');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toEqual(['status', 'limit']);
    const ghost = await app().request('/v1/fleet?tenant=ghost');
    expect(ghost.status).toBe(404);
    expect(((await ghost.json()) as { error: { message: string } }).error.message).toBe("tenant: unknown tenant 'ghost'");
  });

  it('asks for the tenant when there is more than one', async () => {
    const res = await app(2).request('/v1/orders');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe('tenant');
    expect((await app(2).request('/v1/orders?tenant=globex')).status).toBe(200);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await app().request('/v1/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('no_route');
  });
});
