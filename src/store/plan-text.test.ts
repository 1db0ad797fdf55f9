/** A plan's stored text: byte for byte what JSON.stringify writes, routes carried over or not. */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../domain/index.ts';
import { deepFreeze } from './deep-freeze.ts';
import { planTexts } from './plan-text.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const route = (v: string, ids: string[]) => ({
  vehicleId: v, departAt: at('09:00'), returnAt: at('11:00'), distanceM: 1200, durationS: 7200, cost: { amountMinor: 900, currency: 'EUR' },
  stops: ids.map((id) => ({ shipmentId: id, kind: 'delivery' as const, location: { lat: 52.37, lon: 4.89 }, arrivalAt: at('09:50'), serviceStartAt: at('10:00'), departureAt: at('10:10'), eta: at('10:00'), status: 'planned' as const })),
});
const plan = (routes: Plan['routes'], version = 1): Plan => ({
  id: 'p', tenant: 'acme', version, createdAt: at('08:00'), routes,
  unassigned: [{ shipmentId: 's9', reasons: ['awaiting_vehicle'], nextTrip: { vehicleId: 'v1', backAt: at('12:00') } }, { shipmentId: 's"8', reasons: ['capacity'] }],
});

describe('plan text', () => {
  it('is what JSON.stringify writes, for new routes, remembered ones, and remembered ones that a later plan changed', () => {
    const texts = planTexts();
    const first = plan([route('v1', ['s1']), route('v2', ['s2', 's3'])]);
    expect(texts.text(first)).toBe(JSON.stringify(first));
    deepFreeze(first);
    texts.remember(first);
    // The next version carries v1 over, replaces v2, and adds v3.
    const second = { ...plan([first.routes[0]!, route('v2', ['s3']), route('v3', ['s4'])], 2), version: 2 };
    expect(texts.text(second)).toBe(JSON.stringify(second));
    // A route not frozen is written afresh every time, however often it was written before.
    const loose = route('v4', ['s5']);
    const third = plan([loose], 3);
    expect(texts.text(third)).toBe(JSON.stringify(third));
    loose.stops[0]!.eta = at('10:30');
    expect(texts.text(third)).toBe(JSON.stringify(third));
    // Keys left undefined are left out, as JSON.stringify does.
    const sparse = { ...plan([]), note: undefined } as unknown as Plan;
    expect(texts.text(sparse)).toBe(JSON.stringify(sparse));
  });
});
