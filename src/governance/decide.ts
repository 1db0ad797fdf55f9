/** The one path from a proposal to an effect: the gate decides, the log records, then the outbox or the review queue. */
import { ActionProposal, type AgentName, type DecisionEntry, parseInput, toIso } from '../domain/index.ts';
import { gate, loggedOutcome, type Verdict } from '../policies/index.ts';
import { activeKillSwitches } from './admin.ts';
import type { GovernanceContext } from './context.ts';
import { enqueue, type OutboxItem, outboxForDecision } from './outbox.ts';
import { getReview, insertReview, type Review } from './reviews.ts';
import { statement } from '../store/index.ts';

export interface DecideInput {
  proposal: unknown;
  /** The agent the runtime got the proposal from (not what the proposal claims). */
  agent: AgentName;
  eventId?: string | null;
  correlationId?: string | null;
  /** Model behind this proposal, when it differs from the runtime's. */
  model?: string;
  /** The graph thread that waits for a review of this proposal, if any. */
  threadId?: string;
  /** Who the log names as actor: `system` for agents' proposals, the person for one asked for in chat. */
  actor?: string;
}

export interface DecideResult {
  /** The gate's verdict; absent when the proposal had been decided before (see `duplicate`). */
  verdict?: Verdict;
  decision: DecisionEntry;
  review?: Review;
  outbox?: OutboxItem;
  /** True when a proposal with this id was already decided: the earlier decision is returned, nothing is logged. */
  duplicate: boolean;
}

/** The decision already taken on a proposal id, with its review and outbox item. */
function earlier(ctx: GovernanceContext, proposalId: string): DecideResult | undefined {
  const id = statement(ctx.db, 'SELECT id FROM decision_log WHERE proposal_id = ? AND refers_to IS NULL ORDER BY seq LIMIT 1').pluck().get(proposalId) as string | undefined;
  if (!id) return undefined;
  const decision = ctx.ledger.require(id);
  const reviewId = statement(ctx.db, 'SELECT id FROM reviews WHERE decision_id = ?').pluck().get(id) as string | undefined;
  const outbox = outboxForDecision(ctx.db, id);
  return { decision, duplicate: true, ...(reviewId ? { review: getReview(ctx, decision.tenant, reviewId) } : {}), ...(outbox ? { outbox } : {}) };
}

/**
 * Gates a proposal and records the verdict, in one transaction, so a crash leaves all of it or none.
 * Idempotent by proposal id: a graph node re-run after a crash or a resume decides nothing twice.
 */
export function decide(ctx: GovernanceContext, input: DecideInput): DecideResult {
  const proposal = parseInput(ActionProposal, input.proposal, 'proposal');
  const prior = earlier(ctx, proposal.id);
  if (prior) return prior;
  const { policy, hash } = ctx.policy();
  const now = ctx.clock.now();
  const verdict = gate({ proposal, policy, agent: input.agent, tenant: proposal.tenant, now, killSwitches: activeKillSwitches(ctx, proposal.tenant) });
  return ctx.db.transaction((): DecideResult => {
    const decision = ctx.ledger.append({
      tenant: proposal.tenant, eventId: input.eventId ?? proposal.trigger.eventId ?? null, correlationId: input.correlationId ?? null,
      agent: input.agent, actor: input.actor ?? 'system', kind: proposal.kind, level: verdict.level, outcome: loggedOutcome(verdict), proposal,
      reasons: verdict.reasons, explanation: proposal.explanation, refersTo: null, policyHash: hash, model: input.model ?? ctx.model,
    });
    switch (verdict.outcome) {
      case 'execute':
        return { verdict, decision, duplicate: false, outbox: enqueue(ctx, decision.id, { operation: 'execute', proposal }, verdict.level === 'L2' ? verdict.overrideUntil : null) };
      case 'review':
        return { verdict, decision, duplicate: false, review: insertReview(ctx, decision, verdict.reviewRole, verdict.expiresAt, toIso(now), input.threadId ?? null) };
      case 'refused':
        return { verdict, decision, duplicate: false };
    }
  })();
}

/**
 * Gates proposals in turn in one transaction, taking the write lock first: a graph step's proposals are logged
 * together or not at all, and a commit per decision was a fifth of the time a decision took.
 */
export function decideAll(ctx: GovernanceContext, inputs: readonly DecideInput[]): DecideResult[] {
  if (inputs.length === 0) return [];
  return ctx.db.transaction(() => inputs.map((input) => decide(ctx, input))).immediate();
}
