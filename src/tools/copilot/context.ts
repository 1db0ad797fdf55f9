/** What the copilot's tools work with besides the ports and the store: who is chatting, the gate to act through, knowledge. */
import { z } from 'zod';
import type { ActionKind, ActionProposal } from '../../domain/index.ts';
import type { Review } from '../../governance/index.ts';
import type { Hit, SearchOptions } from '../../knowledge/index.ts';
import type { ReviewRole, Role } from '../../policies/index.ts';
import type { ToolContext } from '../define.ts';

/** What the gate did with an act of the chatting user: the log entry, its level and outcome, and any review or outbox item. */
export const ActOutcome = z.object({
  decisionId: z.string(),
  level: z.enum(['L1', 'L2', 'L3']),
  outcome: z.string(),
  reasons: z.array(z.string()),
  /** Who the log names as actor: the chatting user. */
  actor: z.string(),
  reviewId: z.string().nullable(),
  outboxId: z.string().nullable(),
  /** True when the same act had been decided before (a repeated turn): nothing new was logged. */
  duplicate: z.boolean(),
});
export type ActOutcome = z.infer<typeof ActOutcome>;

/**
 * Governance as the copilot's tools see it, supplied by the agent: the review queue to read, and the only ways a tool
 * changes anything: approve or reject a review as the user (the review code checks the role), and submit a proposal
 * to the policy gate (logged with the user as actor).
 */
export interface CopilotGovernance {
  listReviews(query: { status: 'pending'; kind?: ActionKind; role?: ReviewRole; limit: number }): Review[];
  decideReview(input: { reviewId: string; verdict: 'approve' | 'reject'; reason: string }): ActOutcome;
  submit(proposal: ActionProposal): ActOutcome;
}

/** Retrieval over SOPs and past decisions, as `knowledge/` offers it. */
export interface KnowledgeSearch {
  search(query: string, options?: SearchOptions): Promise<Hit[]>;
}

/** A carrier as the copilot knows it by name, with the on-time record it claims. */
export interface CarrierInfo {
  id: string;
  name: string;
  record: { delivered: number; onTime: number };
}

export interface CopilotToolContext extends ToolContext {
  /** The chatting user: `key:sandbox-dispatcher`, `cli:dana`... and their role. */
  user: { id: string; role: Role };
  governance: CopilotGovernance;
  /** Absent when no knowledge index is open: the SOP tool then says so. */
  knowledge?: KnowledgeSearch;
  carriers: readonly CarrierInfo[];
}

/** Whether a tool only reads, or acts (through the gate) on the user's behalf; the agent's guard reads this, not tool names. */
export type ToolEffect = 'read' | 'act';
