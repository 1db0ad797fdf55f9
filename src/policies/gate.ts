/** The policy gate: a pure function from a proposal, the policy, the agent, the tenant and the moment to a verdict. */
import { type ActionKind, type ActionProposal, type AgentName, type DecisionOutcome, toIso } from '../domain/index.ts';
import type { ReviewRole } from './roles.ts';
import type { Bounds, KillSwitch, KindRule, Policy } from './schema.ts';

/** What the gate decided; `outcome` says what the caller does next, `reasons` say why, for the decision log. */
export type Verdict =
  | { outcome: 'execute'; level: 'L3'; reasons: string[] }
  | { outcome: 'execute'; level: 'L2'; overrideUntil: string; reasons: string[] }
  | { outcome: 'review'; level: 'L1'; reviewRole: ReviewRole; expiresAt: string; reasons: string[] }
  | { outcome: 'refused'; level: 'L1'; reasons: string[] };

export interface GateInput {
  proposal: ActionProposal;
  policy: Policy;
  /** The agent the runtime got the proposal from; a proposal claiming another agent is refused. */
  agent: AgentName;
  /** The tenant whose policy applies; a proposal for another tenant is refused. */
  tenant: string;
  /** Epoch seconds, from the injected clock. */
  now: number;
  /** The kill switches as stored; only those that are on count. */
  killSwitches?: readonly KillSwitch[];
}

type Impact = Pick<ActionProposal, 'confidence' | 'impact'>;

interface BoundCheck {
  bound: keyof Bounds;
  /** The proposal's field, as the reasons name it. */
  field: string;
  read: (p: Impact) => number;
  /** Written as "allowed" rather than "breached" so a NaN compares false and fails closed. */
  allowed: (value: number, limit: number) => boolean;
  breach: string;
}

const atMost = (value: number, limit: number) => value <= limit;
const atLeast = (value: number, limit: number) => value >= limit;

/** Each bound as data: where to read it in the proposal, which way is allowed, how to say a breach. */
const BOUND_CHECKS: readonly BoundCheck[] = [
  { bound: 'maxCostMinor', field: 'costMinor', read: (p) => p.impact.costMinor, allowed: atMost, breach: 'exceeds' },
  { bound: 'minConfidence', field: 'confidence', read: (p) => p.confidence, allowed: atLeast, breach: 'is below' },
  { bound: 'maxOrdersAffected', field: 'ordersAffected', read: (p) => p.impact.ordersAffected, allowed: atMost, breach: 'exceeds' },
  { bound: 'maxSlaRisk', field: 'slaRisk', read: (p) => p.impact.slaRisk, allowed: atMost, breach: 'exceeds' },
];

// Copies only the fields an override sets, so a partial override never blanks a base value.
function overlay<T extends object>(base: T, over: { [K in keyof T]?: T[K] | undefined } | undefined): T {
  const out = { ...base };
  for (const key of Object.keys(over ?? {}) as (keyof T)[]) {
    const value = over?.[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The rule that governs `kind` for `tenant`: the base rule with the tenant's override merged over it. */
export function effectiveRule(policy: Policy, tenant: string, kind: ActionKind): KindRule {
  const base = policy.kinds[kind];
  const override = policy.tenants[tenant]?.kinds[kind];
  if (!override) return base;
  const { bounds, ...rest } = override;
  return { ...overlay(base, rest), bounds: overlay(base.bounds, bounds) };
}

/** Why a proposal must wait for a human even though its kind may run on its own: bound breaches, kill switches. */
function demotions(
  proposal: ActionProposal,
  agent: AgentName,
  rule: KindRule,
  switches: readonly KillSwitch[],
): string[] {
  const reasons: string[] = [];
  for (const check of BOUND_CHECKS) {
    const value = check.read(proposal);
    const limit = rule.bounds[check.bound];
    if (!check.allowed(value, limit)) {
      reasons.push(`${check.field} ${value} ${check.breach} ${check.bound} ${limit} for ${proposal.kind}`);
    }
  }
  for (const s of switches) {
    const hits = s.scope === 'agent' ? s.name === agent : s.name === proposal.kind;
    if (s.on && hits) reasons.push(`kill switch on ${s.scope} ${s.name} (set by ${s.by}: ${s.reason})`);
  }
  return reasons;
}

/** Why the proposal may not be considered at all, or an empty list. */
function refusals(proposal: ActionProposal, policy: Policy, agent: AgentName, tenant: string): string[] {
  if (proposal.agent !== agent) return [`proposal names agent ${proposal.agent} but came from agent ${agent}`];
  if (proposal.tenant !== tenant) {
    return [`proposal is for tenant ${proposal.tenant} but was gated for tenant ${tenant}`];
  }
  if (!policy.agents[agent].kinds.includes(proposal.kind)) return [`agent ${agent} may not propose ${proposal.kind}`];
  return [];
}

/** Decides a proposal's autonomy level and what happens next; never reads a clock, a store or a global. */
export function gate(input: GateInput): Verdict {
  const { proposal, policy, agent, tenant, now, killSwitches = [] } = input;
  // Timestamps are whole seconds everywhere; a fractional now would leak milliseconds into the log.
  if (!Number.isSafeInteger(now)) throw new RangeError(`gate: now must be whole epoch seconds, got ${now}`);
  const refused = refusals(proposal, policy, agent, tenant);
  if (refused.length > 0) return { outcome: 'refused', level: 'L1', reasons: refused };

  const { kind } = proposal;
  const rule = effectiveRule(policy, tenant, kind);
  const overridden = policy.tenants[tenant]?.kinds[kind] !== undefined;
  const reasons = overridden ? [`tenant ${tenant} overrides the policy for ${kind}`] : [];
  const demoted = demotions(proposal, agent, rule, killSwitches);
  reasons.push(...demoted);
  const level = demoted.length > 0 ? 'L1' : rule.level;
  reasons.push(
    demoted.length > 0 && rule.level !== 'L1'
      ? `${kind} drops from ${rule.level} to L1`
      : `${kind} is ${rule.level}${level === 'L1' ? '' : ' and within its bounds'}`,
  );

  switch (level) {
    case 'L3':
      return { outcome: 'execute', level, reasons };
    case 'L2':
      return { outcome: 'execute', level, overrideUntil: toIso(now + rule.overrideWindowSeconds), reasons };
    case 'L1': {
      const expiresAt = toIso(now + rule.reviewDeadlineSeconds);
      return { outcome: 'review', level, reviewRole: rule.reviewRole, expiresAt, reasons };
    }
  }
}

/** The decision log's outcome for a verdict, so every caller maps it the same way. */
export function loggedOutcome(verdict: Verdict): DecisionOutcome {
  const outcomes = { execute: 'executed', review: 'queued', refused: 'refused' } as const;
  return outcomes[verdict.outcome];
}
