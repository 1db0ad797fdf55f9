/** A plan checked route by route: the same plan and the same errors as the schema, without parsing a stored route twice. */
import { describe, expect, it } from 'vitest';
import { deepFreeze, InputError, parseInput, Plan } from '../domain/index.ts';
import { planChecker } from './plan-check.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const stop = (id: string) => ({
  shipmentId: id, kind: 'delivery', location: { lat: 52.37, lon: 4.89 }, arrivalAt: at('09:50'), serviceStartAt: at('10:00'), departureAt: at('10:10'), eta: at('10:00'), status: 'planned',
});
const route = (v: string, ids: string[]) => ({ vehicleId: v, departAt: at('09:00'), returnAt: at('11:00'), stops: ids.map(stop), distanceM: 1200, durationS: 7200, cost: { amountMinor: 900, currency: 'EUR' } });
const plan = (routes: unknown[]) => ({ id: 'p', tenant: 'acme', version: 0, createdAt: at('08:00'), routes, unassigned: [{ shipmentId: 's9', reasons: ['capacity'] }] });

const issuesOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  return 'no error';
};

describe('plan checker', () => {
  it('gives what the schema gives, and refuses what it refuses with the same fields named', () => {
    const checker = planChecker();
    const good = plan([route('v1', ['s1']), route('v2', ['s2', 's3'])]);
    expect(checker.parse(good)).toEqual(parseInput(Plan, good));
    expect(JSON.stringify(checker.parse(good))).toBe(JSON.stringify(parseInput(Plan, good)));
    const bad = { ...plan([route('v1', ['s1']), { ...route('v2', ['s2']), stops: [{ ...stop('s2'), eta: 'ten' }], distanceM: -1 }]), createdAt: 'now' };
    const named = issuesOf(() => checker.parse(bad));
    expect(named).toEqual(expect.arrayContaining(issuesOf(() => parseInput(Plan, bad)) as unknown[]));
    expect((named as { path: string }[]).map((i) => i.path).sort()).toEqual(['createdAt', 'routes.1.distanceM', 'routes.1.stops.0.eta']);
    expect(issuesOf(() => checker.parse({ ...good, routes: 'none' }))).toEqual(issuesOf(() => parseInput(Plan, { ...good, routes: 'none' })));
  });

  it('carries a route of a remembered plan over as it is, and checks any other route however frozen', () => {
    const checker = planChecker();
    const stored = deepFreeze(checker.parse(plan([route('v1', ['s1']), route('v2', ['s2'])])));
    checker.remember(stored);
    const next = checker.parse(plan([stored.routes[0], route('v3', ['s3'])]));
    expect(next.routes[0]).toBe(stored.routes[0]);
    expect(next.routes[1]).toEqual(parseInput(Plan, plan([route('v3', ['s3'])])).routes[0]);
    // Frozen but never validated here: checked like any other.
    const stranger = deepFreeze({ ...route('v4', ['s4']), durationS: 'long' });
    expect((issuesOf(() => checker.parse(plan([stored.routes[1], stranger]))) as { path: string }[]).map((i) => i.path)).toEqual(['routes.1.durationS']);
  });

  it('carries an unassigned entry of a remembered plan over as it is, and checks every other one, naming it as the schema does', () => {
    const checker = planChecker();
    const stored = deepFreeze(checker.parse({ ...plan([]), unassigned: [{ shipmentId: 's8', reasons: ['capacity'] }, { shipmentId: 's9', reasons: ['awaiting_vehicle'], nextTrip: { vehicleId: 'v1', backAt: at('12:00') } }] }));
    checker.remember(stored);
    const next = checker.parse({ ...plan([]), unassigned: [stored.unassigned[1], { shipmentId: 's7', reasons: ['no_vehicle'] }] });
    expect(next.unassigned[0]).toBe(stored.unassigned[1]);
    expect(next).toEqual(parseInput(Plan, { ...plan([]), unassigned: [stored.unassigned[1], { shipmentId: 's7', reasons: ['no_vehicle'] }] }));
    const bad = { ...plan([]), unassigned: [stored.unassigned[0], { shipmentId: 's6', reasons: [] }, deepFreeze({ shipmentId: 's5', reasons: ['late'] })] };
    const named = issuesOf(() => checker.parse(bad)) as { path: string }[];
    expect(named).toEqual(issuesOf(() => parseInput(Plan, bad)));
    expect(named.map((i) => i.path)).toEqual(['unassigned.1.reasons', 'unassigned.2.reasons.0']);
  });
});
