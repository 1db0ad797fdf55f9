/** The outbox: actions on their way to a system of record, each tied to the log entry that allowed it. */
import { z } from 'zod';
import { ActionKind, ActionProposal, IsoTimestamp, NotFoundError, toIso } from '../domain/index.ts';
import type { GovernanceContext } from './context.ts';

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
});
export type OutboxItem = z.infer<typeof OutboxItem>;

type Row = Record<string, string | number | null>;

function fromRow(r: Row): OutboxItem {
  return OutboxItem.parse({
    id: r.id, tenant: r.tenant, decisionId: r.decision_id, kind: r.kind, action: JSON.parse(String(r.action)), status: r.status,
    attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error, createdAt: r.created_at,
    deliveredAt: r.delivered_at, overrideUntil: r.override_until,
  });
}

/**
 * Puts an action in the outbox. Only governance calls this, inside the transaction that logged `decisionId`;
 * the table's trigger refuses any action whose decision the log does not show executed, approved or overridden.
 */
export function enqueue(ctx: GovernanceContext, decisionId: string, action: OutboxAction, overrideUntil: string | null): OutboxItem {
  const now = toIso(ctx.clock.now());
  const id = `out-${decisionId.replace(/^dec-/, '')}`;
  ctx.db
    .prepare(
      `INSERT INTO outbox (id, tenant, decision_id, kind, action, status, attempts, next_attempt_at, created_at, override_until)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    )
    .run(id, action.proposal.tenant, decisionId, action.proposal.kind, JSON.stringify(action), now, now, overrideUntil);
  return getOutboxItem(ctx, id);
}

/** One outbox item, or NotFoundError naming it. */
export function getOutboxItem(ctx: GovernanceContext, id: string): OutboxItem {
  const row = ctx.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new NotFoundError('outboxId', id, 'outbox item');
  return fromRow(row);
}

/** The outbox item a decision put there, if any. */
export function outboxForDecision(ctx: GovernanceContext, decisionId: string): OutboxItem | undefined {
  const row = ctx.db.prepare('SELECT * FROM outbox WHERE decision_id = ?').get(decisionId) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

/** Outbox items of a tenant by status, oldest first. */
export function listOutbox(ctx: GovernanceContext, tenant: string, status?: OutboxItem['status'], limit = 100): OutboxItem[] {
  const rows = ctx.db
    .prepare('SELECT * FROM outbox WHERE tenant = ? AND (? IS NULL OR status = ?) ORDER BY created_at, id LIMIT ?')
    .all(tenant, status ?? null, status ?? null, limit) as Row[];
  return rows.map(fromRow);
}
