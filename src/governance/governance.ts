/** Governance assembled over a Marshal database: the only way a proposal reaches a system of record. */
import type Database from 'better-sqlite3';
import type { Clock } from '../domain/index.ts';
import { openLedger } from '../ledger/index.ts';
import { type Policy, policyHash } from '../policies/index.ts';
import { recordPolicy, setKillSwitch, activeKillSwitches } from './admin.ts';
import type { Actor, GovernanceContext } from './context.ts';
import { decide, decideAll, type DecideInput } from './decide.ts';
import { getOutboxItem, listOutbox } from './outbox.ts';
import { overrideDecision } from './override.ts';
import { decideReview, expiredSince, expireDue, getReview, listReviews } from './reviews.ts';

export interface GovernanceOptions {
  db: Database.Database;
  clock: Clock;
  policy: Policy;
  /** Where the policy came from, for the log: a file path or `default`. */
  policySource: string;
  model?: string;
}

/** Opens governance and logs the policy if it is not the one last in force. */
export function openGovernance(options: GovernanceOptions) {
  let current = { policy: options.policy, hash: policyHash(options.policy) };
  const ctx: GovernanceContext = {
    db: options.db, clock: options.clock, ledger: openLedger(options.db, options.clock), policy: () => current, model: options.model ?? 'offline',
  };
  recordPolicy(ctx, current.policy, options.policySource, 'system:start');
  return {
    ledger: ctx.ledger,
    policy: () => current,
    decide: (input: DecideInput) => decide(ctx, input),
    /** Decides each proposal as `decide` does, all in one transaction: all are logged, or none. */
    decideAll: (inputs: readonly DecideInput[]) => decideAll(ctx, inputs),
    approve: (reviewId: string, actor: Actor, body: unknown) => decideReview(ctx, reviewId, actor, 'approved', body),
    reject: (reviewId: string, actor: Actor, body: unknown) => decideReview(ctx, reviewId, actor, 'rejected', body),
    override: (decisionId: string, actor: Actor, reason: string) => overrideDecision(ctx, decisionId, actor, reason),
    expireDue: () => expireDue(ctx),
    /** Reviews expired at or after `since` (ISO), whichever call expired them. */
    expiredSince: (since: string) => expiredSince(ctx, since),
    getReview: (tenant: string, id: string) => getReview(ctx, tenant, id),
    listReviews: (tenant: string, query?: Parameters<typeof listReviews>[2]) => listReviews(ctx, tenant, query),
    getOutboxItem: (id: string) => getOutboxItem(ctx, id),
    listOutbox: (tenant: string, status?: Parameters<typeof listOutbox>[2]) => listOutbox(ctx, tenant, status),
    setKillSwitch: (actor: Actor, body: unknown) => setKillSwitch(ctx, actor, body),
    activeKillSwitches: (tenant: string) => activeKillSwitches(ctx, tenant),
    /** Replaces the policy in force (validated first) and logs the change; an invalid policy changes nothing. */
    setPolicy(input: unknown, source: string, actor: string) {
      const decision = recordPolicy(ctx, input, source, actor);
      const row = options.db.prepare('SELECT doc, hash FROM policy_versions ORDER BY version DESC LIMIT 1').get() as { doc: string; hash: string };
      current = { policy: JSON.parse(row.doc) as Policy, hash: row.hash };
      return decision;
    },
  };
}

export type Governance = ReturnType<typeof openGovernance>;
