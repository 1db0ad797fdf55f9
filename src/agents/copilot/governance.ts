/** Governance as the copilot's tools use it: on behalf of the chatting user, every act through the gate or the review code. */
import type { ActionProposal } from '../../domain/index.ts';
import type { Actor, Governance } from '../../governance/index.ts';
import type { ActOutcome, CopilotGovernance } from '../../tools/copilot/index.ts';

/** The copilot's view of governance for one user and conversation; `acted` hears of every act (to resume or deliver). */
export function copilotGovernance(governance: Governance, actor: Actor, correlationId: string, acted: (outcome: ActOutcome) => void): CopilotGovernance {
  const report = (outcome: ActOutcome) => {
    acted(outcome);
    return outcome;
  };
  return {
    listReviews: (query) => governance.listReviews(actor.tenant, query),
    decideReview({ reviewId, verdict, reason }) {
      // The review code checks the role: a dispatcher's approval of a finance review is refused there, not here.
      const r = verdict === 'approve' ? governance.approve(reviewId, actor, { reason }) : governance.reject(reviewId, actor, { reason });
      return report({
        decisionId: r.decision.id, level: r.decision.level, outcome: r.decision.outcome, reasons: r.decision.reasons, actor: r.decision.actor,
        reviewId: r.review.id, outboxId: r.outbox?.id ?? null, duplicate: false,
      });
    },
    submit(proposal: ActionProposal) {
      const r = governance.decide({ proposal, agent: 'copilot', eventId: proposal.trigger.eventId ?? null, correlationId, actor: actor.id });
      return report({
        decisionId: r.decision.id, level: r.decision.level, outcome: r.decision.outcome, reasons: r.decision.reasons, actor: r.decision.actor,
        reviewId: r.review?.id ?? null, outboxId: r.outbox?.id ?? null, duplicate: r.duplicate,
      });
    },
  };
}
