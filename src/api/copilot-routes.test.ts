import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { hubAgent } from '../agents/hub.ts';
import { openCopilotService } from '../graph/copilot-service.ts';
import { createApp } from '../server.ts';
import { createApiKey } from './keys.ts';

type Role = 'integration' | 'dispatcher' | 'auditor';

async function api(withCopilot = true) {
  const rt = await openTinyRuntime({ hub: hubAgent });
  const day = tinyDay();
  for (const v of day.vehicles) rt.store.vehicles.put(v);
  await rt.ports.oms.createOrder({ order: tinyOrder('ord-000001') });
  const keys = Object.fromEntries((['integration', 'dispatcher', 'auditor'] as const).map((role) => [role, createApiKey(rt.store.db, rt.clock, { tenant: 'acme', role, name: role }).secret])) as Record<Role, string>;
  const copilot = openCopilotService({
    store: rt.store, ports: rt.ports, clock: rt.clock, governance: rt.governance, runner: rt.runner, tenant: 'acme',
    carriers: day.carriers, depots: day.depots, env: {}, log: () => undefined,
  });
  const app = createApp({ store: rt.store, ports: rt.ports, governance: rt.governance, inbox: rt.inbox, runner: rt.runner, version: 'test', ...(withCopilot ? { copilot } : {}) });
  const post = (body: string, role: Role = 'dispatcher') =>
    app.request('/v1/copilot', { method: 'POST', body, headers: { authorization: `Bearer ${keys[role]}`, 'content-type': 'application/json' } });
  return { rt, post };
}

/** The SSE body as [event, data] pairs. */
async function events(res: Response): Promise<[string, Record<string, unknown>][]> {
  const text = await res.text();
  return text.split('\n\n').filter((b) => b.includes('data:')).map((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
    return [event, JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Record<string, unknown>];
  });
}

describe('POST /v1/copilot', () => {
  it('streams the start, steps, the tool call and its result, then the answer with citations; the conversation goes on', async () => {
    const { post } = await api();
    const res = await post(JSON.stringify({ message: 'where is ord-000001?' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const got = await events(res);
    expect(got.map(([e]) => e)).toEqual(['start', 'step', 'tool_call', 'step', 'tool_result', 'token', 'step', 'answer']);
    expect(got[2]![1]).toMatchObject({ name: 'order_status', args: { orderId: 'ord-000001' } });
    const answer = got.at(-1)![1];
    expect(answer.text).toContain('ord-000001 (standard, north');
    expect(answer.citations).toContain('ord-000001');
    const conversationId = got[0]![1].conversationId as string;
    const again = await events(await post(JSON.stringify({ message: 'which vans are down?', conversationId })));
    expect(again[0]![1].conversationId).toBe(conversationId);
    expect(again.at(-1)![1]).toMatchObject({ type: 'answer', conversationId });
  });

  it('refuses bad input with 400 naming the field: empty, 100 kB, not JSON; binary garbage inside a message is answered', async () => {
    const { post } = await api();
    const empty = await post(JSON.stringify({ message: '   ' }));
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { issues: [{ path: 'message', reason: expect.stringContaining('must not be empty') }] } });
    const huge = await post(JSON.stringify({ message: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(400);
    expect(await huge.json()).toMatchObject({ error: { issues: [{ path: 'message', reason: 'must be at most 8000 characters' }] } });
    const binary = await post('\u0000\u00ff\u0001garbage\ufffd');
    expect(binary.status).toBe(400);
    expect(await binary.json()).toMatchObject({ error: { issues: [{ path: 'body' }] } });
    const missing = await post(JSON.stringify({ question: 'hi' }));
    expect(await missing.json()).toMatchObject({ error: { issues: [{ path: 'message', reason: 'is required' }] } });
    const garbled = await events(await post(JSON.stringify({ message: '\u0000\u0001\u00ff\ufffd\u0002' })));
    expect(garbled.at(-1)![1].text).toContain('I did not understand that, so I did nothing');
  });

  it('an unknown conversation id is 404 naming conversationId; a malformed one is 400', async () => {
    const { post } = await api();
    const unknown = await post(JSON.stringify({ message: 'hi', conversationId: 'conv-nope' }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found', message: "conversationId: unknown conversation 'conv-nope'" } });
    const bad = await post(JSON.stringify({ message: 'hi', conversationId: '../../etc' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { issues: [{ path: 'conversationId' }] } });
  });

  it('another key does not see a conversation it did not start', async () => {
    const { post } = await api();
    const first = await events(await post(JSON.stringify({ message: 'hello' })));
    const res = await post(JSON.stringify({ message: 'hello', conversationId: first[0]![1].conversationId }), 'auditor');
    expect(res.status).toBe(404);
  });

  it('an integration key may not chat; without a copilot the route answers 503', async () => {
    const { post } = await api();
    expect((await post(JSON.stringify({ message: 'hi' }), 'integration')).status).toBe(403);
    const off = await api(false);
    expect((await off.post(JSON.stringify({ message: 'hi' }))).status).toBe(503);
  });
});
