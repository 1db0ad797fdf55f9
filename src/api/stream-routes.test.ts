import { describe, expect, it } from 'vitest';
import { decision } from '../../test/fixtures/decisions.ts';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { capacityAgent } from '../agents/capacity.ts';
import { createApp } from '../server.ts';
import { createApiKey } from './keys.ts';

async function setup() {
  const rt = await openTinyRuntime({ capacity: capacityAgent });
  const key = (role: 'auditor' | 'integration', tenant = 'acme') => createApiKey(rt.store.db, rt.clock, { tenant, role, name: `${tenant}-${role}` }).secret;
  const app = createApp({
    store: rt.store, ports: rt.ports, governance: rt.governance, inbox: rt.inbox, runner: rt.runner, version: 'test', stream: { pollMs: 5, heartbeatMs: 20 },
  });
  const open = (query: string, secret: string, headers: Record<string, string> = {}) =>
    app.request(`/v1/stream${query}`, { headers: { authorization: `Bearer ${secret}`, ...headers } });
  return { rt, app, open, auditor: key('auditor'), integration: key('integration') };
}

/** Reads the stream until `done` holds for the text so far, then hangs up. */
async function readUntil(res: Response, done: (text: string) => boolean): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value);
  }
  await reader.cancel();
  return text;
}

const ids = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

describe('GET /v1/stream', () => {
  it('replays from afterSeq, then sends each new decision as it is logged, with its seq as the event id', async () => {
    const { rt, open, auditor } = await setup();
    const first = rt.governance.ledger.append(decision(1)).seq;
    rt.governance.ledger.append(decision(2));
    const res = await open(`?afterSeq=${first - 1}`, auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    setTimeout(() => rt.governance.ledger.append(decision(3)), 30);
    const text = await readUntil(res, (t) => ids(t).length >= 3);
    expect(ids(text)).toEqual([first, first + 1, first + 2]);
    expect(text).toContain('event: decision');
    expect(text).toMatch(new RegExp(`data: \\{.*"eventId":"evt-3"`));
  });

  it('resumes after Last-Event-ID, sends only its tenant\'s decisions, and keeps an idle stream alive', async () => {
    const { rt, open, auditor } = await setup();
    const first = rt.governance.ledger.append(decision(1)).seq;
    rt.governance.ledger.append(decision(2, { tenant: 'globex', proposal: { ...decision(2).proposal!, tenant: 'globex' } }));
    const third = rt.governance.ledger.append(decision(3)).seq;
    const text = await readUntil(await open('?afterSeq=0', auditor, { 'last-event-id': String(first) }), (t) => t.includes(': keep-alive'));
    expect(ids(text)).toEqual([third]);
  });

  it('starts at the head by default, filters like /v1/decisions, and refuses keys that may not read or bad filters', async () => {
    const { rt, open, auditor, integration } = await setup();
    rt.governance.ledger.append(decision(1));
    let third = 0;
    setTimeout(() => {
      rt.governance.ledger.append(decision(2, { outcome: 'queued', level: 'L1' }));
      third = rt.governance.ledger.append(decision(3)).seq;
    }, 30);
    const text = await readUntil(await open('?outcome=executed', auditor), (t) => ids(t).length >= 1);
    expect(ids(text)).toEqual([third]);
    expect((await open('', integration)).status).toBe(403);
    const bad = await open('?outcome=maybe', auditor);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('outcome');
  });
});
