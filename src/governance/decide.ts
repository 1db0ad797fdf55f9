/** The one path from a proposal to an effect: the gate decides, the log records, then the outbox or the review queue. */
import { ActionProposal, type AgentName, type DecisionEntry, parseInput, toIso } from '../domain/index.ts';
import { gate, loggedOutcome, type Verdict } from '../policies/index.ts';
import { activeKillSwitches } from './admin.ts';
import type { GovernanceContext } from './context.ts';
import { enqueue, type OutboxItem } from './outbox.ts';
import { insertReview, type Review } from './reviews.ts';

export interface DecideInput {
  proposal: unknown;
  /** The agent the runtime got the proposal from (not what the proposal claims). */
  agent: AgentName;
  eventId?: string | null;
  correlationId?: string | null;
  /** Model behind this proposal, when it differs from the runtime's. */
  model?: string;
}

export interface DecideResult {
  verdict: Verdict;
  decision: DecisionEntry;
  review?: Review;
  outbox?: OutboxItem;
}

/** Gates a proposal and records the verdict; in one transaction, so a crash leaves all of it or none. */
export function decide(ctx: GovernanceContext, input: DecideInput): DecideResult {
  const proposal = parseInput(ActionProposal, input.proposal, 'proposal');
  const { policy, hash } = ctx.policy();
  const now = ctx.clock.now();
  const verdict = gate({ proposal, policy, agent: input.agent, tenant: proposal.tenant, now, killSwitches: activeKillSwitches(ctx, proposal.tenant) });
  return ctx.db.transaction((): DecideResult => {
    const decision = ctx.ledger.append({
      tenant: proposal.tenant, eventId: input.eventId ?? proposal.trigger.eventId ?? null, correlationId: input.correlationId ?? null,
      agent: input.agent, actor: 'system', kind: proposal.kind, level: verdict.level, outcome: loggedOutcome(verdict), proposal,
      reasons: verdict.reasons, explanation: proposal.explanation, refersTo: null, policyHash: hash, model: input.model ?? ctx.model,
    });
    switch (verdict.outcome) {
      case 'execute':
        return { verdict, decision, outbox: enqueue(ctx, decision.id, { operation: 'execute', proposal }, verdict.level === 'L2' ? verdict.overrideUntil : null) };
      case 'review':
        return { verdict, decision, review: insertReview(ctx, decision, verdict.reviewRole, verdict.expiresAt, toIso(now)) };
      case 'refused':
        return { verdict, decision };
    }
  })();
}
