/** Human override of an L2 action inside its window: logged, and a compensating action goes to the outbox. */
import { ConflictError, type DecisionEntry, NotFoundError, toEpochSeconds } from '../domain/index.ts';
import { effectiveRule, mayDecide } from '../policies/index.ts';
import { type Actor, type GovernanceContext, PolicyError } from './context.ts';
import { enqueue, type OutboxItem, outboxForDecision } from './outbox.ts';
import { statement } from '../store/index.ts';

/** Reverts an executed L2 decision: a new 'overridden' entry pointing at it, and its compensation in the outbox. */
export function overrideDecision(ctx: GovernanceContext, decisionId: string, actor: Actor, reason: string): { decision: DecisionEntry; outbox: OutboxItem } {
  if (!reason.trim()) throw new ConflictError('reason_required', 'reason', 'an override needs a reason');
  return ctx.db.transaction(() => {
    const original = ctx.ledger.get(decisionId);
    if (!original || original.tenant !== actor.tenant) throw new NotFoundError('decisionId', decisionId, 'decision');
    const proposal = original.proposal;
    const sent = outboxForDecision(ctx.db, decisionId);
    if (!proposal || original.outcome !== 'executed' || original.level !== 'L2' || !sent?.overrideUntil) {
      throw new ConflictError('not_overridable', 'decisionId', `decision '${decisionId}' is ${original.level} ${original.outcome}; only an executed L2 decision can be overridden`);
    }
    if (ctx.clock.now() > toEpochSeconds(sent.overrideUntil)) {
      throw new ConflictError('override_window_closed', 'decisionId', `the override window of '${decisionId}' closed at ${sent.overrideUntil}`);
    }
    const already = statement(ctx.db, "SELECT id FROM decision_log WHERE refers_to = ? AND outcome = 'overridden'").get(decisionId) as { id: string } | undefined;
    if (already) throw new ConflictError('already_overridden', 'decisionId', `decision '${decisionId}' was already overridden by ${already.id}`);
    const { policy, hash } = ctx.policy();
    const role = effectiveRule(policy, actor.tenant, proposal.kind).reviewRole;
    if (!mayDecide(actor.role, role)) {
      throw new PolicyError('role_may_not_override', `role ${actor.role} may not override ${proposal.kind}; it needs ${role}${role === 'admin' ? '' : ' or admin'}`);
    }
    const decision = ctx.ledger.append({
      tenant: original.tenant, eventId: original.eventId, correlationId: original.correlationId, agent: original.agent, actor: actor.id,
      kind: proposal.kind, level: 'L2', outcome: 'overridden', proposal, reasons: [`${actor.role} ${actor.id}: ${reason.trim()}`],
      explanation: proposal.explanation, refersTo: decisionId, policyHash: hash, model: original.model,
    });
    const outbox = enqueue(ctx, decision.id, { operation: 'compensate', proposal, overrides: decisionId }, null);
    return { decision, outbox };
  })();
}
