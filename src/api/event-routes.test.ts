import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { capacityAgent } from '../agents/capacity.ts';
import { queryDecisions } from '../ledger/index.ts';
import { createApp } from '../server.ts';
import { createApiKey } from './keys.ts';
import { createWebhookSecret, signWebhook } from './webhook-signature.ts';

async function setup() {
  const rt = await openTinyRuntime({ capacity: capacityAgent });
  const key = (role: 'integration' | 'dispatcher') => createApiKey(rt.store.db, rt.clock, { tenant: 'acme', role, name: role }).secret;
  const keys = { integration: key('integration'), dispatcher: key('dispatcher') };
  const secret = createWebhookSecret(rt.store.db, rt.clock, 'acme');
  const app = createApp({ store: rt.store, ports: rt.ports, governance: rt.governance, inbox: rt.inbox, runner: rt.runner, version: 'test', wallClock: rt.clock });
  await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
  const event = { specversion: '1.0', id: 'evt-42', source: '/erp', type: 'oms.order.created', time: '2026-11-23T08:00:00Z', tenant: 'acme', data: { order: tinyOrder('o-1') } };
  const post = (body: string, over: { key?: string; sign?: string; headers?: Record<string, string> } = {}) => {
    const ts = rt.clock.now();
    const signature = over.sign ?? signWebhook(secret, 'msg-1', ts, body);
    return app.request('/v1/events', {
      method: 'POST', body,
      headers: { authorization: `Bearer ${over.key ?? keys.integration}`, 'content-type': 'application/cloudevents+json', 'webhook-id': 'msg-1', 'webhook-timestamp': String(ts), 'webhook-signature': signature, ...over.headers },
    });
  };
  return { rt, keys, event, post, secret };
}

describe('POST /v1/events', () => {
  it('stores a signed event, answers 202, and the agents decide on it', async () => {
    const { rt, event, post } = await setup();
    const res = await post(JSON.stringify(event));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: 'evt-42', duplicate: false });
    await rt.runner.drain();
    expect(queryDecisions(rt.store.db, { tenant: 'acme', orderId: 'o-1' }).entries.map((e) => e.kind)).toEqual(['order.release']);
  });

  it('a duplicate delivery is acknowledged and gives one decision', async () => {
    const { rt, event, post } = await setup();
    await post(JSON.stringify(event));
    const again = await post(JSON.stringify(event));
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await rt.runner.drain();
    expect(queryDecisions(rt.store.db, { tenant: 'acme', orderId: 'o-1' }).entries).toHaveLength(1);
  });

  it('a bad signature gets 401 and a malformed event 400 naming the field; neither is stored', async () => {
    const { rt, event, post } = await setup();
    const bad = await post(JSON.stringify(event), { sign: 'v1,AAAA' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/webhook signature: no signature matches/);
    const { id: _id, ...noId } = event;
    const malformed = await post(JSON.stringify(noId));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['id']);
    expect(rt.inbox.counts()).toEqual({ pending: 0, done: 0, failed: 0 });
  });

  it('checks signature freshness against real time, not the sandbox\'s simulated day', async () => {
    const { rt, event, secret } = await setup();
    const app = createApp({ store: rt.store, ports: rt.ports, governance: rt.governance, inbox: rt.inbox, runner: rt.runner, version: 'test' });
    const key = createApiKey(rt.store.db, rt.clock, { tenant: 'acme', role: 'integration', name: 'real-sender' }).secret;
    const body = JSON.stringify(event);
    const send = (ts: number) => app.request('/v1/events', {
      method: 'POST', body,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents+json', 'webhook-id': 'msg-9', 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, 'msg-9', ts, body) },
    });
    rt.clock.set(Date.parse('2030-01-07T08:00:00Z') / 1000);
    expect((await send(rt.clock.now())).status).toBe(401);
    expect((await send(Math.floor(Date.now() / 1000))).status).toBe(202);
  });

  it('takes binary mode: attributes as ce- headers, the body as data', async () => {
    const { rt, event, post } = await setup();
    const res = await post(JSON.stringify(event.data), {
      headers: { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'evt-43', 'ce-source': '/erp', 'ce-type': 'oms.order.created', 'ce-time': '2026-11-23T08:00:00Z', 'ce-tenant': 'acme' },
    });
    expect(res.status).toBe(202);
    expect(rt.inbox.counts().pending + rt.inbox.counts().done).toBe(1);
  });

  it('refuses a key that may not send events, and an event for another tenant', async () => {
    const { rt, keys, event, post } = await setup();
    expect((await post(JSON.stringify(event), { key: keys.dispatcher })).status).toBe(403);
    expect((await post(JSON.stringify({ ...event, tenant: 'globex' }))).status).toBe(404);
    expect(rt.inbox.counts()).toEqual({ pending: 0, done: 0, failed: 0 });
  });
});
