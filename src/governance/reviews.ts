/** The review queue: L1 proposals wait for a person with the right role, who approves or rejects; undecided ones expire. */
import { z } from 'zod';
import { ActionKind, ActionProposal, ConflictError, type DecisionEntry, IsoTimestamp, NotFoundError, parseInput, toIso } from '../domain/index.ts';
import { mayDecide, ReviewRole } from '../policies/index.ts';
import { type Actor, type GovernanceContext, PolicyError } from './context.ts';
import { enqueue, type OutboxItem } from './outbox.ts';
import { statement } from '../store/index.ts';

export const Review = z.object({
  id: z.string(),
  tenant: z.string(),
  decisionId: z.string(),
  kind: ActionKind,
  agent: z.string(),
  role: ReviewRole,
  createdAt: IsoTimestamp,
  expiresAt: IsoTimestamp,
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
  decidedBy: z.string().nullable(),
  decidedAt: IsoTimestamp.nullable(),
  reason: z.string().nullable(),
  resultDecisionId: z.string().nullable(),
  proposal: ActionProposal,
  /** The agent-graph thread paused on this review, resumed when it is decided. */
  threadId: z.string().nullable(),
});
export type Review = z.infer<typeof Review>;

type Row = Record<string, string | null>;
const fromRow = (r: Row): Review =>
  Review.parse({
    id: r.id, tenant: r.tenant, decisionId: r.decision_id, kind: r.kind, agent: r.agent, role: r.role, createdAt: r.created_at,
    expiresAt: r.expires_at, status: r.status, decidedBy: r.decided_by, decidedAt: r.decided_at, reason: r.reason,
    resultDecisionId: r.result_decision_id, proposal: JSON.parse(String(r.proposal)), threadId: r.thread_id ?? null,
  });

/** Opens a review for a queued decision (inside the caller's transaction). */
export function insertReview(ctx: GovernanceContext, decision: DecisionEntry, role: ReviewRole, expiresAt: string, now: string, threadId: string | null): Review {
  const id = `rev-${decision.id.replace(/^dec-/, '')}`;
  ctx.db
    .prepare(
      `INSERT INTO reviews (id, tenant, decision_id, kind, agent, role, created_at, expires_at, status, proposal, thread_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    )
    .run(id, decision.tenant, decision.id, decision.kind, decision.agent, role, now, expiresAt, JSON.stringify(decision.proposal), threadId);
  return getReview(ctx, decision.tenant, id);
}

/** A review of the tenant, or NotFoundError naming `reviewId` (another tenant's review is not found either). */
export function getReview(ctx: GovernanceContext, tenant: string, id: string): Review {
  const row = statement(ctx.db, 'SELECT * FROM reviews WHERE id = ? AND tenant = ?').get(id, tenant) as Row | undefined;
  if (!row) throw new NotFoundError('reviewId', id, 'review');
  return fromRow(row);
}

export const ReviewQuery = z.object({
  status: Review.shape.status.optional(),
  kind: ActionKind.optional(),
  role: ReviewRole.optional(),
  /** Only reviews created before this time (the oldest waiting first). */
  createdBefore: IsoTimestamp.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Reviews of a tenant, oldest first, by status, kind, role and age. */
export function listReviews(ctx: GovernanceContext, tenant: string, query: z.input<typeof ReviewQuery> = {}): Review[] {
  const q = parseInput(ReviewQuery, query, 'review query');
  const rows = ctx.db
    .prepare(
      `SELECT * FROM reviews WHERE tenant = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR kind = ?) AND (? IS NULL OR role = ?)
       AND (? IS NULL OR created_at < ?) ORDER BY created_at, id LIMIT ?`,
    )
    .all(tenant, q.status ?? null, q.status ?? null, q.kind ?? null, q.kind ?? null, q.role ?? null, q.role ?? null,
      q.createdBefore ?? null, q.createdBefore ?? null, q.limit) as Row[];
  return rows.map(fromRow);
}

/** The body of an approval or rejection. */
export const ReviewVerdict = z.object({ reason: z.string().trim().min(1, 'a decision needs a reason').max(2000) });

/** Approves or rejects a pending review as `actor`; the result is a new log entry, and an approval goes to the outbox. */
export function decideReview(
  ctx: GovernanceContext, reviewId: string, actor: Actor, verdict: 'approved' | 'rejected', body: unknown,
): { review: Review; decision: DecisionEntry; outbox?: OutboxItem } {
  const { reason } = parseInput(ReviewVerdict, body, verdict === 'approved' ? 'approval' : 'rejection');
  expireDue(ctx);
  return ctx.db.transaction(() => {
    const review = getReview(ctx, actor.tenant, reviewId);
    if (review.status !== 'pending') {
      throw new ConflictError('review_decided', 'reviewId', `review '${reviewId}' is already ${review.status}${review.decidedBy ? ` by ${review.decidedBy}` : ''}`);
    }
    if (!mayDecide(actor.role, review.role)) {
      throw new PolicyError('role_may_not_decide', `role ${actor.role} may not decide a ${review.kind} review; it needs ${review.role}${review.role === 'admin' ? '' : ' or admin'}`);
    }
    const queued = ctx.ledger.require(review.decisionId);
    const decision = ctx.ledger.append({
      tenant: review.tenant, eventId: queued.eventId, correlationId: queued.correlationId, agent: queued.agent, actor: actor.id,
      kind: review.kind, level: 'L1', outcome: verdict, proposal: review.proposal, reasons: [`${actor.role} ${actor.id}: ${reason}`],
      explanation: review.proposal.explanation, refersTo: review.decisionId, policyHash: ctx.policy().hash, model: queued.model,
    });
    const now = toIso(ctx.clock.now());
    ctx.db.prepare('UPDATE reviews SET status = ?, decided_by = ?, decided_at = ?, reason = ?, result_decision_id = ? WHERE id = ?')
      .run(verdict, actor.id, now, reason, decision.id, reviewId);
    const outbox = verdict === 'approved' ? enqueue(ctx, decision.id, { operation: 'execute', proposal: review.proposal }, null) : undefined;
    return { review: getReview(ctx, actor.tenant, reviewId), decision, ...(outbox ? { outbox } : {}) };
  })();
}

/** Reviews that expired at or after `since` (ISO), oldest first: their threads still have to learn it. */
export function expiredSince(ctx: GovernanceContext, since: string): Review[] {
  const rows = statement(ctx.db, "SELECT * FROM reviews WHERE status = 'expired' AND decided_at >= ? ORDER BY decided_at, id").all(since) as Row[];
  return rows.map(fromRow);
}

/** Expires every pending review past its deadline: logged as expired and escalated to an admin, never executed. */
export function expireDue(ctx: GovernanceContext): Review[] {
  const now = toIso(ctx.clock.now());
  return ctx.db.transaction(() => {
    const due = (statement(ctx.db, "SELECT * FROM reviews WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id").all(now) as Row[]).map(fromRow);
    for (const review of due) {
      const queued = ctx.ledger.require(review.decisionId);
      const decision = ctx.ledger.append({
        tenant: review.tenant, eventId: queued.eventId, correlationId: queued.correlationId, agent: queued.agent, actor: 'system',
        kind: review.kind, level: 'L1', outcome: 'expired', proposal: review.proposal,
        reasons: [`no ${review.role} decided by ${review.expiresAt}; not executed, escalated to admin`],
        explanation: review.proposal.explanation, refersTo: review.decisionId, policyHash: ctx.policy().hash, model: queued.model,
      });
      ctx.db.prepare("UPDATE reviews SET status = 'expired', decided_by = 'system', decided_at = ?, reason = 'expired', result_decision_id = ? WHERE id = ?")
        .run(now, decision.id, review.id);
    }
    return due;
  })();
}
