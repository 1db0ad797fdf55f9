/** The outbox: actions on their way to a system of record, each tied to the log entry that allowed it. */
import { z } from 'zod';
import { ActionKind, ActionProposal, ConflictError, IsoTimestamp, NotFoundError, toIso } from '../domain/index.ts';
import type { GovernanceContext } from './context.ts';
import { statement } from '../store/index.ts';

/** What the outbox delivers: the proposal to carry out, or the compensation of one that a human overrode. */
export const OutboxAction = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('execute'), proposal: ActionProposal }),
  z.object({ operation: z.literal('compensate'), proposal: ActionProposal, overrides: z.string() }),
]);
export type OutboxAction = z.infer<typeof OutboxAction>;

export const OutboxItem = z.object({
  id: z.string(),
  tenant: z.string(),
  decisionId: z.string(),
  kind: ActionKind,
  action: OutboxAction,
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: IsoTimestamp,
  lastError: z.string().nullable(),
  createdAt: IsoTimestamp,
  deliveredAt: IsoTimestamp.nullable(),
  overrideUntil: IsoTimestamp.nullable(),
  /** What delivery returned (ids a compensation needs), once delivered. */
  result: z.record(z.string(), z.unknown()).nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

type Row = Record<string, string | number | null>;

function fromRow(r: Row): OutboxItem {
  return OutboxItem.parse({
    id: r.id, tenant: r.tenant, decisionId: r.decision_id, kind: r.kind, action: JSON.parse(String(r.action)), status: r.status,
    attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error, createdAt: r.created_at,
    deliveredAt: r.delivered_at, overrideUntil: r.override_until, result: r.result ? JSON.parse(String(r.result)) : null,
  });
}

/**
 * Puts an action in the outbox. Only governance calls this, inside the transaction that logged `decisionId`;
 * the table's trigger refuses any action whose decision the log does not show executed, approved or overridden.
 */
export function enqueue(ctx: GovernanceContext, decisionId: string, action: OutboxAction, overrideUntil: string | null): OutboxItem {
  const now = toIso(ctx.clock.now());
  const id = `out-${decisionId.replace(/^dec-/, '')}`;
  statement(ctx.db, 
      `INSERT INTO outbox (id, tenant, decision_id, kind, action, status, attempts, next_attempt_at, created_at, override_until)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    )
    .run(id, action.proposal.tenant, decisionId, action.proposal.kind, JSON.stringify(action), now, now, overrideUntil);
  // The item as written, not read back: every decision puts one here, and its proposal was parsed on its way in.
  return {
    id, tenant: action.proposal.tenant, decisionId, kind: action.proposal.kind, action, status: 'pending', attempts: 0, nextAttemptAt: now,
    lastError: null, createdAt: now, deliveredAt: null, overrideUntil, result: null,
  };
}

/** One outbox item, or NotFoundError naming it. */
export function getOutboxItem(ctx: GovernanceContext, id: string): OutboxItem {
  const row = statement(ctx.db, 'SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new NotFoundError('outboxId', id, 'outbox item');
  return fromRow(row);
}

/** The outbox item a decision put there, if any. */
export function outboxForDecision(db: GovernanceContext['db'], decisionId: string): OutboxItem | undefined {
  const row = statement(db, 'SELECT * FROM outbox WHERE decision_id = ?').get(decisionId) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

/** Outbox items of a tenant by status, oldest first. */
export function listOutbox(ctx: GovernanceContext, tenant: string, status?: OutboxItem['status'], limit = 100): OutboxItem[] {
  const rows = statement(ctx.db, 'SELECT * FROM outbox WHERE tenant = ? AND (? IS NULL OR status = ?) ORDER BY created_at, id LIMIT ?')
    .all(tenant, status ?? null, status ?? null, limit) as Row[];
  return rows.map(fromRow);
}

/** Pending items whose next attempt is due, oldest first. */
export function dueOutbox(db: GovernanceContext['db'], nowIso: string, limit = 100): OutboxItem[] {
  const rows = statement(db, "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at, id LIMIT ?").all(nowIso, limit) as Row[];
  return rows.map(fromRow);
}

/** Records a delivery. */
export function markDelivered(db: GovernanceContext['db'], id: string, nowIso: string, result: Record<string, unknown>): void {
  statement(db, "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, result = ?, last_error = NULL WHERE id = ?")
    .run(nowIso, JSON.stringify(result), id);
}

/** Records a failed attempt: retried at `retryAt`, or a dead letter when `retryAt` is null. */
export function markFailed(db: GovernanceContext['db'], id: string, error: string, retryAt: string | null): void {
  statement(db, 'UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at) WHERE id = ?')
    .run(retryAt ? 'pending' : 'dead', error.slice(0, 2000), retryAt, id);
}

/** Puts a dead letter back in line for delivery now, with its attempts reset; returns it. */
export function replayDead(db: GovernanceContext['db'], tenant: string, id: string, nowIso: string): OutboxItem {
  const row = statement(db, "SELECT * FROM outbox WHERE id = ? AND tenant = ?").get(id, tenant) as Row | undefined;
  if (!row) throw new NotFoundError('outboxId', id, 'outbox item');
  if (row.status !== 'dead') throw new ConflictError('not_dead', 'outboxId', `outbox item '${id}' is ${String(row.status)}, not a dead letter`);
  statement(db, "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?").run(nowIso, id);
  return fromRow(statement(db, 'SELECT * FROM outbox WHERE id = ?').get(id) as Row);
}
