/** Decisions, reviews and dead letters: read the log, decide reviews, override L2 actions, replay failed deliveries. */
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError, parseInput, toIso } from '../domain/index.ts';
import { type Governance, replayDead, ReviewQuery } from '../governance/index.ts';
import type { Runner } from '../graph/runner.ts';
import { DecisionQuery, queryDecisions } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import { actorOf, type ApiEnv, READERS, requireRole } from './context.ts';

/** The body of an override. */
export const Reason = z.object({ reason: z.string().trim().min(1, 'say why').max(2000) });

/** Routes under /v1 for governance. */
export function decisionRoutes(store: Store, governance: Governance, runner: Runner): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const body = async (req: { json(): Promise<unknown> }) => req.json().catch(() => ({}));

  app.get('/decisions', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading decisions');
    const q = parseInput(DecisionQuery.omit({ tenant: true }), c.req.query(), 'query');
    return c.json(queryDecisions(store.db, { ...q, tenant: actor.tenant }));
  });
  app.get('/decisions/:id', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading decisions');
    const entry = governance.ledger.get(c.req.param('id'));
    if (!entry || entry.tenant !== actor.tenant) throw new NotFoundError('decisionId', c.req.param('id'), 'decision');
    const actedOnBy = queryDecisions(store.db, { tenant: actor.tenant, refersTo: entry.id, limit: 1000 }).entries;
    return c.json({ ...entry, actedOnBy });
  });
  app.post('/decisions/:id/override', async (c) => {
    const { reason } = parseInput(Reason, await body(c.req), 'override');
    const result = governance.override(c.req.param('id'), actorOf(c), reason);
    await runner.deliver();
    return c.json({ decision: result.decision, outbox: governance.getOutboxItem(result.outbox.id) });
  });

  app.get('/reviews', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading reviews');
    return c.json({ items: governance.listReviews(actor.tenant, parseInput(ReviewQuery, c.req.query(), 'query')) });
  });
  for (const verdict of ['approve', 'reject'] as const) {
    app.post(`/reviews/:id/${verdict}`, async (c) => {
      const actor = actorOf(c);
      const input = await body(c.req);
      const result = verdict === 'approve' ? governance.approve(c.req.param('id'), actor, input) : governance.reject(c.req.param('id'), actor, input);
      await runner.resumeReview(actor.tenant, result.review.id);
      return c.json(result);
    });
  }

  app.get('/dead-letters', (c) => {
    const actor = actorOf(c);
    requireRole(actor, READERS, 'reading dead letters');
    return c.json({ items: governance.listOutbox(actor.tenant, 'dead') });
  });
  app.post('/dead-letters/:id/replay', async (c) => {
    const actor = actorOf(c);
    requireRole(actor, ['admin'], 'replaying a dead letter');
    const item = replayDead(store.db, actor.tenant, c.req.param('id'), toIso(store.clock.now()));
    await runner.deliver();
    return c.json(governance.getOutboxItem(item.id));
  });
  return app;
}
