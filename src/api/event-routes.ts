/** POST /v1/events: CloudEvents in structured or binary mode, signed as Standard Webhooks say, stored before the 202. */
import { Hono } from 'hono';
import { type Clock, InputError, NotFoundError, parseEvent, systemClock } from '../domain/index.ts';
import type { Inbox } from '../graph/inbox.ts';
import type { Store } from '../store/index.ts';
import { actorOf, type ApiEnv, requireRole } from './context.ts';
import { verifyWebhook, webhookSecretsOf } from './webhook-signature.ts';

/** Binary mode: the attributes travel as `ce-*` headers and the body is the data. */
function fromBinary(headers: Headers, body: unknown): Record<string, unknown> {
  const event: Record<string, unknown> = { data: body };
  for (const [name, value] of headers.entries()) {
    if (name.startsWith('ce-')) event[name.slice(3)] = value;
  }
  return event;
}

/** Routes for event intake; `onAccepted` wakes the runner. */
export function eventRoutes(store: Store, inbox: Inbox, onAccepted: () => void, wallClock: Clock = systemClock): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/events', async (c) => {
    const actor = actorOf(c);
    requireRole(actor, ['integration', 'admin'], 'sending events');
    const raw = await c.req.text();
    verifyWebhook(webhookSecretsOf(store.db, actor.tenant), {
      id: c.req.header('webhook-id'), timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature'),
    }, raw, wallClock.now());
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (error) {
      throw new InputError('bad_json', [{ path: 'body', reason: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }]);
    }
    const contentType = c.req.header('content-type') ?? '';
    const structured = contentType.includes('application/cloudevents+json') || c.req.header('ce-specversion') === undefined;
    const event = parseEvent(structured ? body : fromBinary(c.req.raw.headers, body));
    if (event.tenant !== actor.tenant) throw new NotFoundError('tenant', event.tenant);
    const accepted = await inbox.store(event);
    if (!accepted.duplicate) onAccepted();
    return c.json({ id: event.id, seq: accepted.seq, duplicate: accepted.duplicate }, 202);
  });
  return app;
}
