import { describe, expect, it } from 'vitest';
import { proposal } from '../../test/fixtures/decisions.ts';
import { type ActionProposal, ManualClock, toIso } from '../domain/index.ts';
import { queryDecisions, verifyDatabase } from '../ledger/index.ts';
import { loadDefaultPolicy } from '../policies/index.ts';
import { openStore } from '../store/index.ts';
import { type Actor, openGovernance } from './index.ts';

const T0 = Date.parse('2026-11-23T08:00:00Z') / 1000;
const dana: Actor = { id: 'user:dana', role: 'dispatcher', tenant: 'acme' };
const fiona: Actor = { id: 'user:fiona', role: 'finance', tenant: 'acme' };
const ada: Actor = { id: 'user:ada', role: 'admin', tenant: 'acme' };

function setup() {
  const clock = new ManualClock(T0);
  const store = openStore(':memory:', { clock });
  const gov = openGovernance({ db: store.db, clock, policy: loadDefaultPolicy(), policySource: 'policies/default.json' });
  const count = () => store.db.prepare('SELECT count(*) FROM decision_log').pluck().get() as number;
  return { clock, store, gov, count };
}

const dispute = (n: number, over: Partial<ActionProposal> = {}) =>
  proposal(n, { kind: 'invoice.dispute', agent: 'settlement', target: { system: 'carrier', type: 'invoice', id: `inv-${n}` }, impact: { costMinor: -4500, ordersAffected: 1, slaRisk: 0 }, ...over });

describe('governance: the gate, the log and the outbox', () => {
  it('logs the policy in force once, and every entry carries its hash', () => {
    const { gov, store } = setup();
    const entries = queryDecisions(store.db, { tenant: 'system' }).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'policy.change', actor: 'system:start', policyHash: gov.policy().hash });
  });

  it('L2: executes, opens an override window and puts the action in the outbox', () => {
    const { gov } = setup();
    const r = gov.decide({ proposal: proposal(1), agent: 'carrier', eventId: 'evt-1', correlationId: 'shp-1' });
    expect(r.decision).toMatchObject({ level: 'L2', outcome: 'executed', eventId: 'evt-1', correlationId: 'shp-1', model: 'offline' });
    expect(r.outbox).toMatchObject({ status: 'pending', decisionId: r.decision.id, overrideUntil: toIso(T0 + 900), action: { operation: 'execute' } });
  });

  it('decides a proposal id once: a re-run returns the earlier decision and logs nothing', () => {
    const { gov, count } = setup();
    const first = gov.decide({ proposal: proposal(1), agent: 'carrier' });
    const before = count();
    const again = gov.decide({ proposal: proposal(1), agent: 'carrier' });
    expect(again).toMatchObject({ duplicate: true, decision: { id: first.decision.id }, outbox: { id: first.outbox!.id } });
    expect(count()).toBe(before);
    expect(gov.listOutbox('acme')).toHaveLength(1);
  });

  it('L3: executes with no override window', () => {
    const { gov } = setup();
    const r = gov.decide({ proposal: proposal(1, { kind: 'carrier.score', impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 } }), agent: 'carrier' });
    expect(r.decision).toMatchObject({ level: 'L3', outcome: 'executed' });
    expect(r.outbox?.overrideUntil).toBeNull();
  });

  it('L1: queues a review for the right role with its deadline, and nothing goes out', () => {
    const { gov } = setup();
    const r = gov.decide({ proposal: dispute(1), agent: 'settlement' });
    expect(r.decision).toMatchObject({ level: 'L1', outcome: 'queued' });
    expect(r.review).toMatchObject({ status: 'pending', role: 'finance', expiresAt: toIso(T0 + 172_800), decisionId: r.decision.id });
    expect(r.outbox).toBeUndefined();
    expect(gov.listOutbox('acme')).toHaveLength(0);
  });

  it('out of bounds drops to L1 with the bound named', () => {
    const { gov } = setup();
    const r = gov.decide({ proposal: proposal(1, { impact: { costMinor: 25_000, ordersAffected: 1, slaRisk: 0.1 } }), agent: 'carrier' });
    expect(r.decision.outcome).toBe('queued');
    expect(r.decision.reasons).toContain('costMinor 25000 exceeds maxCostMinor 20000 for carrier.tender');
  });

  it('refuses and logs a kind outside the agent\'s scope; nothing goes out', () => {
    const { gov } = setup();
    const r = gov.decide({ proposal: proposal(1, { kind: 'invoice.post' }), agent: 'carrier' });
    expect(r.decision).toMatchObject({ outcome: 'refused', reasons: ['agent carrier may not propose invoice.post'] });
    expect(gov.listOutbox('acme')).toHaveLength(0);
  });

  it('refuses a proposal of an unknown action kind by name, and logs nothing', () => {
    const { gov, count } = setup();
    const before = count();
    expect(() => gov.decide({ proposal: { ...proposal(1), kind: 'truck.teleport' }, agent: 'carrier' })).toThrow(/proposal: kind: Invalid option/);
    expect(count()).toBe(before);
  });

  it('decides a step\'s proposals together: one bad proposal logs none of them, and nothing goes out', () => {
    const { gov, count } = setup();
    const before = count();
    expect(() => gov.decideAll([
      { proposal: proposal(1), agent: 'carrier' },
      { proposal: { ...proposal(2), kind: 'truck.teleport' }, agent: 'carrier' },
    ])).toThrow(/proposal: kind: Invalid option/);
    expect(count()).toBe(before);
    expect(gov.listOutbox('acme')).toHaveLength(0);
    const both = gov.decideAll([{ proposal: proposal(1), agent: 'carrier' }, { proposal: dispute(3), agent: 'settlement' }]);
    expect(both.map((r) => r.decision.outcome)).toEqual(['executed', 'queued']);
    expect(count()).toBe(before + 2);
  });

  it('the outbox refuses an action that no logged decision allowed', () => {
    const { store } = setup();
    expect(() => store.db.prepare(
      "INSERT INTO outbox (id, tenant, decision_id, kind, action, status, next_attempt_at, created_at) VALUES ('x', 'acme', 'dec-99999999', 'carrier.tender', '{}', 'pending', 'now', 'now')",
    ).run()).toThrow(/needs a decision in the log that executed or approved it/);
  });
});

describe('governance: reviews', () => {
  it('finance approves a dispute: a new entry points at the queued one, and the action goes out', () => {
    const { gov } = setup();
    const { review } = gov.decide({ proposal: dispute(1), agent: 'settlement' });
    const r = gov.approve(review!.id, fiona, { reason: 'rate card says 33.00' });
    expect(r.decision).toMatchObject({ outcome: 'approved', actor: 'user:fiona', refersTo: review!.decisionId });
    expect(r.review).toMatchObject({ status: 'approved', decidedBy: 'user:fiona', resultDecisionId: r.decision.id });
    expect(r.outbox).toMatchObject({ decisionId: r.decision.id, status: 'pending' });
    expect(() => gov.approve(review!.id, fiona, { reason: 'again' })).toThrow(/already approved by user:fiona/);
  });

  it('a dispatcher may not decide a finance review; nothing changes', () => {
    const { gov, count } = setup();
    const { review } = gov.decide({ proposal: dispute(1), agent: 'settlement' });
    const before = count();
    expect(() => gov.approve(review!.id, dana, { reason: 'looks fine' })).toThrow(/role dispatcher may not decide a invoice.dispute review; it needs finance or admin/);
    expect(count()).toBe(before);
    expect(gov.getReview('acme', review!.id).status).toBe('pending');
    expect(gov.approve(review!.id, ada, { reason: 'admin decides' }).review.status).toBe('approved');
  });

  it('a rejection is logged and sends nothing; a decision needs a reason', () => {
    const { gov } = setup();
    const { review } = gov.decide({ proposal: dispute(1), agent: 'settlement' });
    expect(() => gov.reject(review!.id, fiona, { reason: ' ' })).toThrow(/reason: a decision needs a reason/);
    expect(gov.reject(review!.id, fiona, { reason: 'within tolerance after all' }).decision.outcome).toBe('rejected');
    expect(gov.listOutbox('acme')).toHaveLength(0);
  });

  it('another tenant cannot see or decide the review', () => {
    const { gov } = setup();
    const { review } = gov.decide({ proposal: dispute(1), agent: 'settlement' });
    expect(() => gov.approve(review!.id, { ...ada, tenant: 'globex' }, { reason: 'mine now' })).toThrow(/reviewId: unknown review/);
    expect(gov.listReviews('globex')).toHaveLength(0);
  });

  it('an undecided review expires at its deadline: logged, escalated, never executed', () => {
    const { gov, clock } = setup();
    const { review } = gov.decide({ proposal: dispute(1), agent: 'settlement' });
    clock.advance(172_799);
    expect(gov.expireDue()).toHaveLength(0);
    clock.advance(1);
    const expired = gov.expireDue();
    expect(expired.map((r) => r.id)).toEqual([review!.id]);
    expect(() => gov.approve(review!.id, fiona, { reason: 'late' })).toThrow(/already expired/);
    expect(gov.listReviews('acme', { status: 'expired' })[0]?.resultDecisionId).toMatch(/^dec-/);
    expect(gov.listOutbox('acme')).toHaveLength(0);
  });

  it('lists reviews by status, kind and age, oldest first', () => {
    const { gov, clock } = setup();
    gov.decide({ proposal: dispute(1), agent: 'settlement' });
    clock.advance(60);
    gov.decide({ proposal: proposal(2, { kind: 'order.hold', agent: 'capacity' }), agent: 'capacity' });
    expect(gov.listReviews('acme', { status: 'pending' }).map((r) => r.kind)).toEqual(['invoice.dispute', 'order.hold']);
    expect(gov.listReviews('acme', { kind: 'order.hold' })).toHaveLength(1);
    expect(gov.listReviews('acme', { createdBefore: toIso(T0 + 30) })).toHaveLength(1);
    expect(() => gov.listReviews('acme', { status: 'lost' as never })).toThrow(/status/);
  });
});

describe('governance: overrides, kill switches, policy changes', () => {
  it('a dispatcher overrides an L2 tender inside its window: logged, and the compensation goes out', () => {
    const { gov, clock } = setup();
    const { decision } = gov.decide({ proposal: proposal(1), agent: 'carrier' });
    clock.advance(600);
    expect(() => gov.override(decision.id, fiona, 'wrong carrier')).toThrow(/role finance may not override carrier.tender/);
    const r = gov.override(decision.id, dana, 'customer asked for our own van');
    expect(r.decision).toMatchObject({ outcome: 'overridden', refersTo: decision.id, actor: 'user:dana' });
    expect(r.outbox.action).toMatchObject({ operation: 'compensate', overrides: decision.id });
    expect(() => gov.override(decision.id, dana, 'again')).toThrow(/already overridden/);
  });

  it('no override after the window closes, nor of an L3 decision', () => {
    const { gov, clock } = setup();
    const { decision } = gov.decide({ proposal: proposal(1), agent: 'carrier' });
    clock.advance(901);
    expect(() => gov.override(decision.id, dana, 'too late')).toThrow(/override window of '.*' closed at 2026-11-23T08:15:00Z/);
    const l3 = gov.decide({ proposal: proposal(2, { kind: 'carrier.score', impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 } }), agent: 'carrier' });
    expect(() => gov.override(l3.decision.id, dana, 'no')).toThrow(/only an executed L2 decision can be overridden/);
  });

  it('a kill switch drops matching proposals to L1 while on; only an admin sets it, and both acts are logged', () => {
    const { gov, store } = setup();
    expect(() => gov.setKillSwitch(dana, { scope: 'kind', name: 'carrier.tender', on: true, reason: 'rates wrong' })).toThrow(/only an admin/);
    gov.setKillSwitch(ada, { scope: 'kind', name: 'carrier.tender', on: true, reason: 'carrier rates are wrong today' });
    const held = gov.decide({ proposal: proposal(1), agent: 'carrier' });
    expect(held.decision.outcome).toBe('queued');
    expect(held.decision.reasons.join(' ')).toMatch(/kill switch on kind carrier.tender \(set by user:ada/);
    gov.setKillSwitch(ada, { scope: 'kind', name: 'carrier.tender', on: false, reason: 'rates fixed' });
    expect(gov.decide({ proposal: proposal(2), agent: 'carrier' }).decision.outcome).toBe('executed');
    gov.setKillSwitch(ada, { scope: 'agent', name: 'carrier', on: true, reason: 'audit' });
    expect(gov.decide({ proposal: proposal(3), agent: 'carrier' }).decision.outcome).toBe('queued');
    expect(queryDecisions(store.db, { tenant: 'acme', kind: 'killswitch.set' }).entries.map((e) => e.actor)).toEqual(['user:ada', 'user:ada', 'user:ada']);
    expect(() => gov.setKillSwitch(ada, { scope: 'kind', name: 'truck.fly', on: true, reason: 'x' })).toThrow(/name/);
  });

  it('a policy change is logged and takes effect; an invalid policy changes nothing', () => {
    const { gov, store } = setup();
    const strict = structuredClone(loadDefaultPolicy());
    strict.kinds['carrier.tender'].level = 'L1';
    const before = gov.policy().hash;
    expect(() => gov.setPolicy({ ...strict, kinds: { ...strict.kinds, 'carrier.tender': { ...strict.kinds['carrier.tender'], level: 'L9' } } }, 'api', 'user:ada')).toThrow(/kinds\.carrier\.tender\.level: must be L1, L2 or L3/);
    expect(gov.policy().hash).toBe(before);
    const entry = gov.setPolicy(strict, 'api', 'user:ada');
    expect(entry).toMatchObject({ kind: 'policy.change', actor: 'user:ada' });
    expect(gov.policy().hash).not.toBe(before);
    const r = gov.decide({ proposal: proposal(1), agent: 'carrier' });
    expect(r.decision).toMatchObject({ outcome: 'queued', policyHash: gov.policy().hash });
    expect(verifyDatabase(store.db).ok).toBe(true);
  });
});
