/** GET /v1/stream: the tenant's decisions as server-sent events, as they are logged, resumable with Last-Event-ID. */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { parseInput } from '../domain/index.ts';
import { DecisionQuery, queryDecisions } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import { actorOf, type ApiEnv, READERS, requireRole } from './context.ts';

export interface StreamOptions {
  /** How often the log is read for new entries; the log may be written by another process, so it is polled. */
  pollMs?: number;
  /** A comment line at least this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
}

export const StreamQuery = DecisionQuery.omit({ tenant: true, from: true, to: true, limit: true, afterSeq: true }).extend({
  /** Start after this seq; 0 replays the whole log. Without it (or Last-Event-ID) the stream starts at the head. */
  afterSeq: z.coerce.number().int().nonnegative().optional(),
});

const LastEventId = z.coerce.number().int().nonnegative();

/** Routes under /v1 for streaming decisions. */
export function streamRoutes(store: Store, options: StreamOptions = {}): Hono<ApiEnv> {
  const pollMs = options.pollMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const headSeq = store.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM decision_log');
  const app = new Hono<ApiEnv>();

  app.get('/stream', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'streaming decisions');
    const { afterSeq, ...filters } = parseInput(StreamQuery, c.req.query(), 'query');
    const lastEventId = c.req.header('last-event-id');
    // A reconnecting client says where it stopped; that wins over the query it first connected with.
    let cursor = lastEventId !== undefined
      ? parseInput(LastEventId, lastEventId, 'Last-Event-ID')
      : afterSeq ?? (headSeq.get() as { seq: number }).seq;

    return streamSSE(c, async (stream) => {
      let open = true;
      stream.onAbort(() => {
        open = false;
      });
      let quietSince = Date.now();
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ afterSeq: cursor }) });
      while (open) {
        const page = queryDecisions(store.db, { ...filters, tenant: actor.tenant, afterSeq: cursor, limit: 500 });
        for (const entry of page.entries) {
          await stream.writeSSE({ event: 'decision', id: String(entry.seq), data: JSON.stringify(entry) });
          cursor = entry.seq;
        }
        if (page.entries.length > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= heartbeatMs) {
          await stream.write(': keep-alive\n\n');
          quietSince = Date.now();
        }
        if (page.nextAfterSeq === undefined) await stream.sleep(pollMs);
      }
    });
  });
  return app;
}
