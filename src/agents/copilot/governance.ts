/** Governance as the copilot's tools use it: on behalf of the chatting user, every act through the gate or the review code. */
import type { ActionProposal } from '../../domain/index.ts';
import { type Actor, type Governance, PolicyError } from '../../governance/index.ts';
import { mayDecide } from '../../policies/index.ts';
import type { ActOutcome, CopilotGovernance } from '../../tools/copilot/index.ts';

/**
 * The copilot's view of governance for one user and conversation; `acted` hears of every act (to resume or deliver),
 * and `modelId` (the model that chose the call: `offline` or its name) is logged on what the user asks for.
 */
export function copilotGovernance(governance: Governance, actor: Actor, correlationId: string, acted: (outcome: ActOutcome) => void, modelId: string): CopilotGovernance {
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
      // Asking for an act needs a role that could approve it: a finance or auditor key cannot order a re-plan by chat.
      const reviewRole = governance.policy().policy.kinds[proposal.kind].reviewRole;
      if (!mayDecide(actor.role, reviewRole)) {
        throw new PolicyError('role_may_not_request', `role ${actor.role} may not ask for ${proposal.kind}; it needs ${reviewRole}${reviewRole === 'admin' ? '' : ' or admin'}`);
      }
      const r = governance.decide({ proposal, agent: 'copilot', eventId: proposal.trigger.eventId ?? null, correlationId, actor: actor.id, model: modelId });
      return report({
        decisionId: r.decision.id, level: r.decision.level, outcome: r.decision.outcome, reasons: r.decision.reasons, actor: r.decision.actor,
        reviewId: r.review?.id ?? null, outboxId: r.outbox?.id ?? null, duplicate: r.duplicate,
      });
    },
  };
}
