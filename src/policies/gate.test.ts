/** Gate examples: each level, each bound, scope refusals, tenant overrides and kill switches. */
import { describe, expect, it } from 'vitest';
import { NOW, proposal, type ProposalSketch, testPolicy } from './fixtures.ts';
import { effectiveRule, gate, type GateInput, loggedOutcome } from './gate.ts';
import type { KillSwitch } from './schema.ts';

const policy = testPolicy();
const run = (sketch: ProposalSketch = {}, extra: Partial<GateInput> = {}) => {
  const p = proposal(sketch);
  return gate({ proposal: p, policy, agent: p.agent, tenant: p.tenant, now: NOW, ...extra });
};

describe('levels', () => {
  it('L3 executes with no override window', () => {
    const verdict = run({ kind: 'customer.notify', agent: 'customer' });
    expect(verdict).toEqual({ outcome: 'execute', level: 'L3', reasons: ['customer.notify is L3 and within its bounds'] });
  });

  it('L2 executes and keeps an override window open from now', () => {
    const verdict = run();
    expect(verdict).toMatchObject({ outcome: 'execute', level: 'L2', overrideUntil: '2026-11-23T10:15:00Z' });
  });

  it('L1 waits for the configured reviewer until now plus the review deadline', () => {
    const verdict = run({ kind: 'invoice.dispute', agent: 'settlement' });
    expect(verdict).toEqual({
      outcome: 'review', level: 'L1', reviewRole: 'finance', expiresAt: '2026-11-25T10:00:00Z',
      reasons: ['invoice.dispute is L1'],
    });
  });

  it('maps each outcome to the decision log outcome', () => {
    expect(loggedOutcome(run())).toBe('executed');
    expect(loggedOutcome(run({ kind: 'invoice.dispute', agent: 'settlement' }))).toBe('queued');
    expect(loggedOutcome(run({ kind: 'invoice.post' }))).toBe('refused');
  });

  it('computes the times from the now it is given, not from a clock', () => {
    expect(run({}, { now: NOW + 60 })).toMatchObject({ overrideUntil: '2026-11-23T10:16:00Z' });
  });

  it('refuses a fractional now rather than logging milliseconds', () => {
    expect(() => run({}, { now: NOW + 0.5 })).toThrow(RangeError);
  });
});

describe('bounds', () => {
  const cases = [
    { bound: 'maxCostMinor', atBound: { costMinor: 20_000 }, over: { costMinor: 20_001 }, reason: 'costMinor 20001 exceeds maxCostMinor 20000' },
    { bound: 'minConfidence', atBound: { confidence: 0.7 }, over: { confidence: 0.69 }, reason: 'confidence 0.69 is below minConfidence 0.7' },
    { bound: 'maxOrdersAffected', atBound: { ordersAffected: 10 }, over: { ordersAffected: 11 }, reason: 'ordersAffected 11 exceeds maxOrdersAffected 10' },
    { bound: 'maxSlaRisk', atBound: { slaRisk: 0.2 }, over: { slaRisk: 0.21 }, reason: 'slaRisk 0.21 exceeds maxSlaRisk 0.2' },
  ];

  it.each(cases)('$bound: exactly at the bound keeps L2', ({ atBound }) => {
    expect(run(atBound)).toMatchObject({ outcome: 'execute', level: 'L2' });
  });

  it.each(cases)('$bound: just past the bound drops to L1 and names the bound', ({ over, reason }) => {
    const verdict = run(over);
    expect(verdict).toMatchObject({ outcome: 'review', level: 'L1', reviewRole: 'dispatcher', expiresAt: '2026-11-23T11:00:00Z' });
    expect(verdict.reasons).toEqual([`${reason} for carrier.tender`, 'carrier.tender drops from L2 to L1']);
  });

  it('lets a saving through whatever its size', () => {
    expect(run({ costMinor: -1_000_000 })).toMatchObject({ level: 'L2' });
  });

  it('fails closed on a confidence that is not a number', () => {
    expect(run({ confidence: Number.NaN })).toMatchObject({ level: 'L1', outcome: 'review' });
  });
});

describe('scope', () => {
  it('refuses a kind outside the agent scope, naming agent and kind', () => {
    expect(run({ kind: 'invoice.post', agent: 'carrier' })).toEqual({
      outcome: 'refused', level: 'L1', reasons: ['agent carrier may not propose invoice.post'],
    });
  });

  it('lets settlement post invoices', () => {
    expect(run({ kind: 'invoice.post', agent: 'settlement' }).outcome).toBe('execute');
  });

  it('refuses a proposal that claims another agent or tenant than the one gating it', () => {
    expect(run({}, { agent: 'copilot' })).toMatchObject({ outcome: 'refused', reasons: ['proposal names agent carrier but came from agent copilot'] });
    expect(run({}, { tenant: 'tenant-a' }).outcome).toBe('refused');
  });
});

describe('tenant overrides', () => {
  it('gives the same proposal L3 for tenant A and L1 for tenant B', () => {
    const a = run({ tenant: 'tenant-a', costMinor: 30_000 });
    const b = run({ tenant: 'tenant-b', costMinor: 30_000 });
    expect(a).toMatchObject({ outcome: 'execute', level: 'L3' });
    expect(a.reasons[0]).toBe('tenant tenant-a overrides the policy for carrier.tender');
    expect(b).toMatchObject({ outcome: 'review', level: 'L1', reviewRole: 'admin', expiresAt: '2026-11-23T10:10:00Z' });
  });

  it('merges a partial override over the base rule', () => {
    const rule = effectiveRule(policy, 'tenant-a', 'carrier.tender');
    expect(rule.bounds).toEqual({ maxCostMinor: 50_000, minConfidence: 0.7, maxOrdersAffected: 10, maxSlaRisk: 0.2 });
    expect(rule.overrideWindowSeconds).toBe(900);
    expect(effectiveRule(policy, 'tenant-a', 'route.assign')).toBe(policy.kinds['route.assign']);
  });
});

describe('kill switches', () => {
  const stop = (scope: 'agent' | 'kind', name: string, on = true) =>
    ({ scope, name, on, by: 'user:ada', reason: 'carrier strike' }) as KillSwitch;

  it('drops every proposal of a stopped agent to L1, naming the switch', () => {
    const verdict = run({}, { killSwitches: [stop('agent', 'carrier')] });
    expect(verdict).toMatchObject({ outcome: 'review', level: 'L1' });
    expect(verdict.reasons).toContain('kill switch on agent carrier (set by user:ada: carrier strike)');
  });

  it('drops a stopped kind to L1 for every agent, even an L3 override', () => {
    const switches = [stop('kind', 'carrier.tender')];
    expect(run({ agent: 'copilot' }, { killSwitches: switches }).level).toBe('L1');
    const verdict = run({ tenant: 'tenant-a' }, { killSwitches: switches });
    expect(verdict.reasons).toContain('kill switch on kind carrier.tender (set by user:ada: carrier strike)');
    expect(verdict.reasons).toContain('carrier.tender drops from L3 to L1');
  });

  it('ignores switches that are off or aimed elsewhere', () => {
    const switches = [stop('agent', 'carrier', false), stop('agent', 'dispatch'), stop('kind', 'route.assign')];
    expect(run({}, { killSwitches: switches })).toMatchObject({ outcome: 'execute', level: 'L2' });
  });
});
