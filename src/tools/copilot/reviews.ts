/** `pending_reviews` and `decide_review`: the review queue, and approving or rejecting one review as the chatting user. */
import { z } from 'zod';
import { ActionKind, Id, toIso } from '../../domain/index.ts';
import { mayDecide, ReviewRole } from '../../policies/index.ts';
import { defineTool } from '../define.ts';
import { ActOutcome, type CopilotToolContext } from './context.ts';
import { withEffect } from './shared.ts';

export const PendingReviewsOutput = z.object({
  total: z.number().int(),
  /** Still pending but past their deadline: they expire, unexecuted, when the queue is next touched. */
  overdue: z.number().int(),
  reviews: z.array(z.object({
    reviewId: z.string(),
    decisionId: z.string(),
    kind: z.string(),
    agent: z.string(),
    role: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    target: z.string(),
    summary: z.string(),
    /** Whether the chatting user's role may decide it. */
    youMayDecide: z.boolean(),
  })),
});

export const DecideReviewOutput = ActOutcome.extend({ reviewId: z.string(), verdict: z.enum(['approve', 'reject']), kind: z.string() });

// Built once: a tool set is made per chat turn, and zod schemas are costly to build.
const PendingReviewsInput = z.object({ kind: ActionKind.optional(), role: ReviewRole.optional(), limit: z.number().int().min(1).max(100).default(20) });
const DecideReviewInput = z.object({ reviewId: Id, verdict: z.enum(['approve', 'reject']), reason: z.string().trim().min(1).max(500) });

/** The review tools. */
export function copilotReviewTools(ctx: CopilotToolContext) {
  const { governance, user, clock } = ctx;
  return {
    pending_reviews: withEffect(defineTool({
      name: 'pending_reviews',
      description: 'Reviews waiting for a human, oldest first: kind, the role that must decide, deadline, what the proposal says, and whether you may decide it. Filter by action kind and role.',
      input: PendingReviewsInput,
      output: PendingReviewsOutput,
      run({ kind, role, limit }) {
        const now = toIso(clock.now());
        const listed = governance.listReviews({ status: 'pending', ...(kind ? { kind } : {}), ...(role ? { role } : {}), limit: 1000 });
        const all = listed.filter((r) => r.expiresAt > now);
        return {
          total: all.length, overdue: listed.length - all.length,
          reviews: all.slice(0, limit).map((r) => ({
            reviewId: r.id, decisionId: r.decisionId, kind: r.kind, agent: r.agent, role: r.role, createdAt: r.createdAt, expiresAt: r.expiresAt,
            target: `${r.proposal.target.type} ${r.proposal.target.id}`, summary: r.proposal.explanation.summary, youMayDecide: mayDecide(user.role, r.role),
          })),
        };
      },
    }), 'read'),
    decide_review: withEffect(defineTool({
      name: 'decide_review',
      description: 'Approve or reject ONE pending review, by its id, as the user you are chatting with; their role must be the one the review names (or admin). Only when the user asked for exactly this review in their own message.',
      input: DecideReviewInput,
      output: DecideReviewOutput,
      run({ reviewId, verdict, reason }) {
        const kind = governance.listReviews({ status: 'pending', limit: 1000 }).find((r) => r.id === reviewId)?.kind ?? 'unknown';
        return { ...governance.decideReview({ reviewId, verdict, reason }), reviewId, verdict, kind };
      },
    }), 'act'),
  };
}
