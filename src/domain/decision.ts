/** Decisions: what the policy gate and humans did with a proposal, as the decision log records it. */
import { z } from 'zod';
import { ActionKind, ActionProposal, AgentName, Explanation } from './action.ts';
import { Id } from './common.ts';
import { IsoTimestamp } from './units.ts';

export const AutonomyLevel = z.enum(['L1', 'L2', 'L3']);
export type AutonomyLevel = z.infer<typeof AutonomyLevel>;

export const DecisionOutcome = z.enum(['executed', 'queued', 'approved', 'rejected', 'overridden', 'expired', 'refused', 'failed']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

/** One entry of the append-only, hash-chained decision log. */
export const DecisionEntry = z.object({
  seq: z.number().int().positive(),
  id: Id,
  at: IsoTimestamp,
  tenant: Id,
  eventId: z.string().nullable(),
  correlationId: z.string().nullable(),
  agent: AgentName,
  /** `system` for the gate, or the human (`user:alice`) who acted. */
  actor: z.string().min(1),
  kind: ActionKind,
  level: AutonomyLevel,
  outcome: DecisionOutcome,
  proposal: ActionProposal,
  reasons: z.array(z.string()),
  explanation: Explanation,
  /** The entry a human action acts on (approve, reject, override). */
  refersTo: Id.nullable(),
  schemaVersion: z.number().int().positive(),
  policyHash: z.string(),
  model: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type DecisionEntry = z.infer<typeof DecisionEntry>;
