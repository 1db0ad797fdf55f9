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
const rule = fc.record({ level, bounds, overrideWindowSeconds: seconds, reviewRole: fc.constantFrom('dispatcher', 'finance', 'admin'), reviewDeadlineSeconds: seconds });
const override = fc.record({ level, bounds: fc.record({ maxCostMinor: fc.integer({ min: 0, max: 100_000 }), minConfidence: fraction }, { requiredKeys: [] }) }, { requiredKeys: [] });
const kindMap = <T>(value: fc.Arbitrary<T>) => fc.tuple(...ACTION_KINDS.map(() => value)).map((list) => Object.fromEntries(ACTION_KINDS.map((k, i) => [k, list[i]])));
const kind = fc.constantFrom(...ACTION_KINDS);

const policy = fc
  .record({
    kinds: kindMap(rule),
    agents: fc.tuple(...AgentName.options.map(() => fc.uniqueArray(kind, { maxLength: 6 }))),
    tenants: fc.dictionary(fc.constantFrom(...TENANTS), fc.dictionary(kind, override, { maxKeys: 4 }).map((kinds) => ({ kinds }))),
  })
  .map(({ kinds, agents, tenants }) =>
    Policy.parse({ schemaVersion: 1, name: 'random', kinds, agents: Object.fromEntries(AgentName.options.map((a, i) => [a, { kinds: agents[i] }])), tenants }),
  );

const killSwitch = fc.oneof(
  fc.record({ scope: fc.constant('agent' as const), name: fc.constantFrom(...AgentName.options), on: fc.boolean(), by: fc.constant('user:ada'), reason: fc.constant('test') }),
  fc.record({ scope: fc.constant('kind' as const), name: kind, on: fc.boolean(), by: fc.constant('user:ada'), reason: fc.constant('test') }),
);

const input: fc.Arbitrary<GateInput> = fc
  .record({
    policy,
    kind,
    agent: fc.constantFrom(...AgentName.options),
    tenant: fc.constantFrom(...TENANTS),
    costMinor: fc.integer({ min: -50_000, max: 150_000 }),
    confidence: fraction,
    ordersAffected: fc.integer({ min: 0, max: 150 }),
    slaRisk: fraction,
    now: fc.integer({ min: NOW - 86_400 * 365, max: NOW + 86_400 * 365 }),
    killSwitches: fc.array(killSwitch, { maxLength: 3 }),
  })
  .map(({ policy, now, killSwitches, ...sketch }) => ({ proposal: proposal(sketch), policy, agent: sketch.agent, tenant: sketch.tenant, now, killSwitches }));

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
        const due = verdict.outcome === 'review' ? verdict.expiresAt : 'overrideUntil' in verdict ? verdict.overrideUntil : null;
        if (due !== null) expect(toEpochSeconds(due)).toBeGreaterThan(i.now);
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
        expect(i.killSwitches?.some((s) => s.on && (s.name === i.agent || s.name === i.proposal.kind))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
