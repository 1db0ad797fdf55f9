/** Decisions: what the policy gate and humans did with a proposal, as the decision log records it. */
import { z } from 'zod';
import { ACTION_KINDS, ActionProposal, AgentName, Explanation } from './action.ts';
import { Id } from './common.ts';
import { IsoTimestamp } from './units.ts';

export const AutonomyLevel = z.enum(['L1', 'L2', 'L3']);
export type AutonomyLevel = z.infer<typeof AutonomyLevel>;

export const DecisionOutcome = z.enum(['executed', 'queued', 'approved', 'rejected', 'overridden', 'expired', 'refused', 'failed']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

/** What a log entry records: an action of an agent, or an administrative act (policy loaded, kill switch set). */
export const DecisionKind = z.enum([...ACTION_KINDS, 'policy.change', 'killswitch.set']);
export type DecisionKind = z.infer<typeof DecisionKind>;

/** One entry of the append-only, hash-chained decision log. */
export const DecisionEntry = z.object({
  seq: z.number().int().positive(),
  id: Id,
  at: IsoTimestamp,
  tenant: Id,
  eventId: z.string().nullable(),
  correlationId: z.string().nullable(),
  /** The agent whose proposal this is; `human` for administrative acts. */
  agent: z.union([AgentName, z.literal('human')]),
  /** `system` for the gate, or the human (`user:alice`) who acted. */
  actor: z.string().min(1),
  kind: DecisionKind,
  level: AutonomyLevel,
  outcome: DecisionOutcome,
  /** The proposal decided on; null for administrative acts. */
  proposal: ActionProposal.nullable(),
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
