/** `explain_decision`: why a decision was taken, from the decision log, with what acted on it since. */
import { z } from 'zod';
import { ActionKind, Id, NotFoundError } from '../../domain/index.ts';
import { entryFromRow, queryDecisions } from '../../ledger/index.ts';
import { defineTool } from '../define.ts';
import type { CopilotToolContext } from './context.ts';
import { withEffect } from './shared.ts';

const Explained = z.object({
  id: z.string(),
  at: z.string(),
  agent: z.string(),
  actor: z.string(),
  kind: z.string(),
  level: z.string(),
  outcome: z.string(),
  target: z.string().nullable(),
  summary: z.string(),
  constraints: z.array(z.string()),
  alternatives: z.array(z.object({ summary: z.string(), rejectedBecause: z.string() })),
  /** The gate's reasons for the level it chose. */
  reasons: z.array(z.string()),
  actedOnBy: z.array(z.object({ id: z.string(), outcome: z.string(), actor: z.string(), reasons: z.array(z.string()) })),
});

export const ExplainDecisionOutput = z.object({
  /** What was asked for, as a person reads it: "route.replan decisions about vehicle veh-005". */
  about: z.string(),
  decisions: z.array(Explained),
});

// Built once: a tool set is made per chat turn, and zod schemas are costly to build.
const ExplainDecisionInput = z.object({
  decisionId: Id.optional(),
  orderId: Id.optional(),
  shipmentId: Id.optional(),
  vehicleId: Id.optional(),
  kind: ActionKind.optional(),
  limit: z.number().int().min(1).max(20).default(3),
});

/** The decision-log tool. */
export function copilotDecisionTools(ctx: CopilotToolContext) {
  const { store, tenant } = ctx;
  const byId = store.db.prepare('SELECT seq, body, prev_hash, hash FROM decision_log WHERE id = ? AND tenant = ?');
  return {
    explain_decision: withEffect(defineTool({
      name: 'explain_decision',
      description: 'Why a decision was taken, from the decision log: one by id, or the latest about an order, shipment or vehicle (optionally of one kind, e.g. order.hold, carrier.tender). Gives the summary, constraints, alternatives rejected, the gate\'s reasons and later human acts; cite the decision id.',
      input: ExplainDecisionInput,
      output: ExplainDecisionOutput,
      run({ decisionId, orderId, shipmentId, vehicleId, kind, limit }) {
        let entries;
        if (decisionId) {
          const row = byId.get(decisionId, tenant) as Parameters<typeof entryFromRow>[0] | undefined;
          // Another tenant's decision is unknown here, as the API answers it.
          if (!row) throw new NotFoundError('decisionId', decisionId, 'decision');
          entries = [entryFromRow(row)];
        } else {
          const all = queryDecisions(store.db, { tenant, limit: 1000, ...(orderId ? { orderId } : {}), ...(shipmentId ? { shipmentId } : {}), ...(vehicleId ? { vehicleId } : {}), ...(kind ? { kind } : {}) }).entries;
          // First decisions, not the approvals acting on them: those are shown under actedOnBy.
          entries = all.filter((e) => e.refersTo === null).slice(-limit).reverse();
        }
        const subject = decisionId ?? (orderId ? `order ${orderId}` : shipmentId ? `shipment ${shipmentId}` : vehicleId ? `vehicle ${vehicleId}` : undefined);
        const about = decisionId ?? `${kind ?? 'the latest'} decisions${subject ? ` about ${subject}` : ''}`;
        return {
          about,
          decisions: entries.map((e) => ({
            id: e.id, at: e.at, agent: e.agent, actor: e.actor, kind: e.kind, level: e.level, outcome: e.outcome,
            target: e.proposal ? `${e.proposal.target.type} ${e.proposal.target.id}` : null,
            summary: e.explanation.summary, constraints: e.explanation.constraints.slice(0, 8), alternatives: e.explanation.alternatives.slice(0, 5), reasons: e.reasons,
            actedOnBy: queryDecisions(store.db, { tenant, refersTo: e.id, limit: 20 }).entries.map((x) => ({ id: x.id, outcome: x.outcome, actor: x.actor, reasons: x.reasons })),
          })),
        };
      },
    }), 'read'),
  };
}
