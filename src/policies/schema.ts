/** The policy file's shape: per action kind a level, bounds, windows and reviewer; per agent its scope; per tenant overrides. */
import { z } from 'zod';
import { ACTION_KINDS, ActionKind, AgentName, AutonomyLevel, Id } from '../domain/index.ts';
import { ReviewRole } from './roles.ts';

/** Issue texts that read well after a dotted path (`kinds.carrier.tender.level: must be L1, L2 or L3`). */
const says = (text: string) => ({
  // An enum reports a missing value as a bad option, so "is required" is said here rather than left to errors.ts.
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : text),
});
/** Names the offending key of a strict object or record instead of zod's generic "Unrecognized key". */
const refusesUnknown = (what: string) => ({
  error: (issue: { code?: string }) => (issue.code === 'unrecognized_keys' ? what : undefined),
});

const Level = z.enum(AutonomyLevel.options, says('must be L1, L2 or L3'));
const fraction = z.number(says('must be a number')).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const wholeCount = z.number(says('must be a number')).int('must be a whole number').nonnegative('must not be negative');
const minorUnits = z.number(says('must be a number')).int('must be whole minor units').nonnegative('must not be negative');
const positiveSeconds = z.number(says('must be a number')).int('must be whole seconds').positive('must be more than 0');

/** Limits on a proposal's impact; a proposal past any of them drops to L1. Inclusive: exactly at a bound passes. */
export const Bounds = z.strictObject(
  {
    /** Largest extra cost, in minor units of the tenant's currency; savings (negative cost) always pass. */
    maxCostMinor: minorUnits,
    minConfidence: fraction,
    maxOrdersAffected: wholeCount,
    /** Highest chance (0..1) of missing a customer promise. */
    maxSlaRisk: fraction,
  },
  refusesUnknown('unknown field'),
);
export type Bounds = z.infer<typeof Bounds>;

/** How the gate treats one action kind. */
export const KindRule = z.strictObject(
  {
    level: Level,
    bounds: Bounds,
    /** How long an L2 action stays open to a human override after it executes. */
    overrideWindowSeconds: positiveSeconds,
    /** Who may decide this kind when it waits in the review queue. */
    reviewRole: ReviewRole,
    /** How long an L1 review waits before it expires undecided. */
    reviewDeadlineSeconds: positiveSeconds,
  },
  refusesUnknown('unknown field'),
);
export type KindRule = z.infer<typeof KindRule>;

/** A tenant's changes to one kind; what it leaves out comes from the base rule. */
export const KindOverride = z.strictObject(
  {
    level: Level.optional(),
    bounds: Bounds.partial().optional(),
    overrideWindowSeconds: positiveSeconds.optional(),
    reviewRole: ReviewRole.optional(),
    reviewDeadlineSeconds: positiveSeconds.optional(),
  },
  refusesUnknown('unknown field'),
);
export type KindOverride = z.infer<typeof KindOverride>;

const KindList = z
  .array(z.enum(ACTION_KINDS, says('must be an action kind such as carrier.tender')))
  .refine((kinds) => new Set(kinds).size === kinds.length, 'must not name a kind twice');

/** The kinds one agent may propose; anything else it proposes is refused. */
export const AgentScope = z.strictObject({ kinds: KindList }, refusesUnknown('unknown field'));

export const TenantOverride = z.strictObject(
  { kinds: z.partialRecord(ActionKind, KindOverride, refusesUnknown('unknown action kind')) },
  refusesUnknown('unknown field'),
);
export type TenantOverride = z.infer<typeof TenantOverride>;

/** A whole policy file. Every action kind and every agent must be listed, so nothing is governed by accident. */
export const Policy = z.strictObject(
  {
    schemaVersion: z.literal(1, says('must be 1')),
    name: z.string(says('must be a string')).min(1, 'must not be empty'),
    kinds: z.record(ActionKind, KindRule, refusesUnknown('unknown action kind')),
    agents: z.record(AgentName, AgentScope, refusesUnknown('unknown agent')),
    /** Keyed by tenant id. */
    tenants: z.record(Id, TenantOverride).default({}),
  },
  refusesUnknown('unknown field'),
);
export type Policy = z.infer<typeof Policy>;

const switchFields = {
  on: z.boolean(),
  /** Who set it, e.g. `user:alice`. */
  by: z.string().min(1),
  reason: z.string().min(1),
};

/** An admin's stop on one agent or one action kind; while on, matching proposals drop to L1. */
export const KillSwitch = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('agent'), name: AgentName, ...switchFields }),
  z.object({ scope: z.literal('kind'), name: ActionKind, ...switchFields }),
]);
export type KillSwitch = z.infer<typeof KillSwitch>;
