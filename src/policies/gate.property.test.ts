/** Properties of the gate over random policies, proposals and switches: never above the configured level, always the same answer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_KINDS, AgentName, toEpochSeconds } from '../domain/index.ts';
import { NOW, proposal } from './fixtures.ts';
import { effectiveRule, gate, type GateInput } from './gate.ts';
import { Policy } from './schema.ts';

const RANK = { L1: 1, L2: 2, L3: 3 } as const;
const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'] as const;

const level = fc.constantFrom('L1' as const, 'L2' as const, 'L3' as const);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const bounds = fc.record({
  maxCostMinor: fc.integer({ min: 0, max: 100_000 }),
  minConfidence: fraction,
  maxOrdersAffected: fc.integer({ min: 0, max: 100 }),
  maxSlaRisk: fraction,
});
const seconds = fc.integer({ min: 1, max: 7 * 86_400 });
const reviewRole = fc.constantFrom('dispatcher' as const, 'finance' as const, 'admin' as const);
const rule = fc.record({ level, bounds, overrideWindowSeconds: seconds, reviewRole, reviewDeadlineSeconds: seconds });
const partialBounds = fc.record(
  { maxCostMinor: fc.integer({ min: 0, max: 100_000 }), minConfidence: fraction },
  { requiredKeys: [] },
);
const override = fc.record({ level, bounds: partialBounds, overrideWindowSeconds: seconds }, { requiredKeys: [] });
const kind = fc.constantFrom(...ACTION_KINDS);
const agent = fc.constantFrom(...AgentName.options);

/** One value per key, drawn independently. */
const perKey = <K extends string, T>(keys: readonly K[], value: fc.Arbitrary<T>) =>
  fc.tuple(...keys.map(() => value)).map((list) => Object.fromEntries(keys.map((k, i) => [k, list[i]])));

const policy = fc
  .record({
    kinds: perKey(ACTION_KINDS, rule),
    agents: perKey(AgentName.options, fc.uniqueArray(kind, { maxLength: 6 }).map((kinds) => ({ kinds }))),
    tenants: fc.dictionary(fc.constantFrom(...TENANTS), fc.dictionary(kind, override, { maxKeys: 4 }).map((kinds) => ({ kinds }))),
  })
  .map((doc) => Policy.parse({ schemaVersion: 1, name: 'random', ...doc }));

const switchOf = <S extends 'agent' | 'kind', N extends string>(scope: S, name: fc.Arbitrary<N>) =>
  fc.record({ scope: fc.constant(scope), name, on: fc.boolean(), by: fc.constant('user:ada'), reason: fc.constant('test') });
const killSwitch = fc.oneof(switchOf('agent', agent), switchOf('kind', kind));

const input: fc.Arbitrary<GateInput> = fc
  .record({
    policy,
    kind,
    agent,
    tenant: fc.constantFrom(...TENANTS),
    costMinor: fc.integer({ min: -50_000, max: 150_000 }),
    confidence: fraction,
    ordersAffected: fc.integer({ min: 0, max: 150 }),
    slaRisk: fraction,
    now: fc.integer({ min: NOW - 365 * 86_400, max: NOW + 365 * 86_400 }),
    killSwitches: fc.array(killSwitch, { maxLength: 3 }),
  })
  .map(({ policy, now, killSwitches, ...sketch }) => ({
    proposal: proposal(sketch),
    policy,
    agent: sketch.agent,
    tenant: sketch.tenant,
    now,
    killSwitches,
  }));

describe('gate properties', () => {
  it('never grants more autonomy than the kind is configured for', () => {
    fc.assert(
      fc.property(input, (i) => {
        const configured = effectiveRule(i.policy, i.tenant, i.proposal.kind).level;
        expect(RANK[gate(i).level]).toBeLessThanOrEqual(RANK[configured]);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same verdict for the same input, and its times never precede now', () => {
    fc.assert(
      fc.property(input, (i) => {
        const verdict = gate(i);
        expect(gate(structuredClone(i))).toEqual(verdict);
        if (verdict.outcome === 'review') expect(toEpochSeconds(verdict.expiresAt)).toBeGreaterThan(i.now);
        if (verdict.level === 'L2') expect(toEpochSeconds(verdict.overrideUntil)).toBeGreaterThan(i.now);
        expect(verdict.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('executes only a proposal in scope, within its bounds and with no switch on', () => {
    fc.assert(
      fc.property(input, (i) => {
        const verdict = gate(i);
        if (verdict.outcome !== 'execute') return;
        const { bounds } = effectiveRule(i.policy, i.tenant, i.proposal.kind);
        expect(i.policy.agents[i.agent].kinds).toContain(i.proposal.kind);
        expect(i.proposal.impact.costMinor).toBeLessThanOrEqual(bounds.maxCostMinor);
        expect(i.proposal.confidence).toBeGreaterThanOrEqual(bounds.minConfidence);
        expect(i.proposal.impact.ordersAffected).toBeLessThanOrEqual(bounds.maxOrdersAffected);
        expect(i.proposal.impact.slaRisk).toBeLessThanOrEqual(bounds.maxSlaRisk);
        const stopped = i.killSwitches?.some((s) => s.on && (s.name === i.agent || s.name === i.proposal.kind));
        expect(stopped).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
