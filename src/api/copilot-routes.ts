/** POST /v1/copilot: one chat turn as server-sent events (start, steps, tool calls and results, tokens, the answer). */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { InputError, MarshalError, parseInput } from '../domain/index.ts';
import { type CopilotEvent, CopilotRequest } from '../graph/copilot.ts';
import type { CopilotService } from '../graph/copilot-service.ts';
import { actorOf, type ApiEnv, READERS, requireRole } from './context.ts';

/** Bodies past this many characters are refused before parsing; a long message inside is refused by its schema. */
const MAX_BODY_CHARS = 1_000_000;

/** Routes under /v1 for the copilot; without a copilot the route answers 503. */
export function copilotRoutes(copilot: CopilotService | undefined): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/copilot', async (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'chatting with the copilot');
    if (!copilot || copilot.tenant !== actor.tenant) {
      return c.json({ error: { code: 'copilot_unavailable', message: 'the copilot is not running for this tenant on this server' } }, 503);
    }
    const raw = await c.req.text();
    if (raw.length > MAX_BODY_CHARS) throw new InputError('too_large', [{ path: 'body', reason: `must be at most ${MAX_BODY_CHARS} characters` }]);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new InputError('bad_json', [{ path: 'body', reason: 'is not JSON: send {"message": "...", "conversationId": "..."}' }]);
    }
    const request = parseInput(CopilotRequest, body, 'copilot');
    // Checked before the stream opens, so an unknown conversation is a plain 404 naming the field.
    if (request.conversationId !== undefined) await copilot.requireConversation(actor, request.conversationId);
    return streamSSE(c, async (stream) => {
      try {
        await copilot.turn({ user: actor, ...request }, (event) => stream.writeSSE({ event: event.type, data: JSON.stringify(event) }));
      } catch (error) {
        // The status line is gone once the stream is open: a failure is the stream's last event.
        const known = error instanceof MarshalError;
        if (!known) console.error('copilot:', error);
        const event: CopilotEvent = { type: 'error', code: known ? error.code : 'internal', message: known ? error.message : 'internal error; see the server log' };
        await stream.writeSSE({ event: 'error', data: JSON.stringify(event) });
      }
    });
  });
  return app;
}
