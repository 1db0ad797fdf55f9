/** Administrative acts, each logged: kill switches per agent or action kind, and changes of the policy in force. */
import { z } from 'zod';
import { ActionKind, AgentName, type DecisionEntry, parseInput, toIso } from '../domain/index.ts';
import { type KillSwitch, Policy, policyHash } from '../policies/index.ts';
import { type Actor, type GovernanceContext, PolicyError } from './context.ts';
import { statement } from '../store/index.ts';

/** Tenant under which policy changes are logged: a policy governs every tenant. */
export const SYSTEM_TENANT = 'system';

const SwitchRequest = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('agent'), name: AgentName, on: z.boolean(), reason: z.string().trim().min(1, 'say why') }),
  z.object({ scope: z.literal('kind'), name: ActionKind, on: z.boolean(), reason: z.string().trim().min(1, 'say why') }),
]);

/** The switches that are on for a tenant, in the shape the gate reads. */
export function activeKillSwitches(ctx: GovernanceContext, tenant: string): KillSwitch[] {
  const rows = statement(ctx.db, 'SELECT scope, name, set_by, reason FROM kill_switches WHERE tenant = ? AND is_on = 1 ORDER BY scope, name').all(tenant) as {
    scope: 'agent' | 'kind'; name: string; set_by: string; reason: string;
  }[];
  return rows.map((r) => ({ scope: r.scope, name: r.name, on: true, by: r.set_by, reason: r.reason }) as KillSwitch);
}

function logAdmin(ctx: GovernanceContext, tenant: string, actor: string, kind: 'killswitch.set' | 'policy.change', summary: string, inputs: Record<string, unknown>): DecisionEntry {
  return ctx.ledger.append({
    tenant, eventId: null, correlationId: null, agent: 'human', actor, kind, level: 'L1', outcome: 'executed', proposal: null,
    reasons: [summary], explanation: { summary, constraints: [], inputs, alternatives: [] }, refersTo: null,
    policyHash: ctx.policy().hash, model: ctx.model,
  });
}

/** Turns a kill switch on or off for the actor's tenant; only an admin may. */
export function setKillSwitch(ctx: GovernanceContext, actor: Actor, body: unknown): { decision: DecisionEntry; active: KillSwitch[] } {
  const req = parseInput(SwitchRequest, body, 'kill switch');
  if (actor.role !== 'admin') throw new PolicyError('admin_only', `only an admin may set a kill switch; ${actor.id} is ${actor.role}`);
  return ctx.db.transaction(() => {
    const summary = `kill switch ${req.on ? 'on' : 'off'} for ${req.scope} ${req.name}: ${req.reason}`;
    const decision = logAdmin(ctx, actor.tenant, actor.id, 'killswitch.set', summary, { ...req });
    ctx.db
      .prepare(
        `INSERT INTO kill_switches (tenant, scope, name, is_on, set_by, reason, set_at, decision_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant, scope, name) DO UPDATE SET is_on = excluded.is_on, set_by = excluded.set_by, reason = excluded.reason,
         set_at = excluded.set_at, decision_id = excluded.decision_id`,
      )
      .run(actor.tenant, req.scope, req.name, req.on ? 1 : 0, actor.id, req.reason, toIso(ctx.clock.now()), decision.id);
    return { decision, active: activeKillSwitches(ctx, actor.tenant) };
  })();
}

/** Records `policy` as the one in force if it differs from the last recorded; returns the log entry, or undefined. */
export function recordPolicy(ctx: Pick<GovernanceContext, 'db' | 'clock' | 'ledger' | 'model'>, input: unknown, source: string, actor: string): DecisionEntry | undefined {
  const policy = parseInput(Policy, input, source);
  const hash = policyHash(policy);
  const last = statement(ctx.db, 'SELECT version, hash FROM policy_versions ORDER BY version DESC LIMIT 1').get() as { version: number; hash: string } | undefined;
  if (last?.hash === hash) return undefined;
  const full: GovernanceContext = { ...ctx, policy: () => ({ policy, hash }) };
  return ctx.db.transaction(() => {
    const summary = last ? `policy changed from ${last.hash.slice(0, 12)} to ${hash.slice(0, 12)} (${source})` : `policy ${hash.slice(0, 12)} in force (${source})`;
    const decision = logAdmin(full, SYSTEM_TENANT, actor, 'policy.change', summary, { source, name: policy.name, previous: last?.hash ?? null, hash });
    ctx.db.prepare('INSERT INTO policy_versions (version, hash, doc, source, loaded_at, decision_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run((last?.version ?? 0) + 1, hash, JSON.stringify(policy), source, toIso(ctx.clock.now()), decision.id);
    return decision;
  })();
}
