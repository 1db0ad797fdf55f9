/** A plan version's stored document: byte for byte what JSON.stringify writes with the routes left out. */
import { describe, expect, it } from 'vitest';
import { deepFreeze, type Plan } from '../domain/index.ts';
import { planTexts } from './plan-text.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const route = (v: string, ids: string[]) => ({
  vehicleId: v, departAt: at('09:00'), returnAt: at('11:00'), distanceM: 1200, durationS: 7200, cost: { amountMinor: 900, currency: 'EUR' },
  stops: ids.map((id) => ({ shipmentId: id, kind: 'delivery' as const, location: { lat: 52.37, lon: 4.89 }, arrivalAt: at('09:50'), serviceStartAt: at('10:00'), departureAt: at('10:10'), eta: at('10:00'), status: 'planned' as const })),
});
const entries = (): Plan['unassigned'] => [{ shipmentId: 's9', reasons: ['awaiting_vehicle'], nextTrip: { vehicleId: 'v1', backAt: at('12:00') } }, { shipmentId: 's"8', reasons: ['capacity'] }];
const plan = (unassigned: Plan['unassigned'], version = 1): Plan => ({ id: 'p', tenant: 'acme', version, createdAt: at('08:00'), routes: [route('v1', ['s1'])], unassigned });
const shell = (p: Plan) => JSON.stringify({ ...p, routes: [] });

describe('plan document text', () => {
  it('is what JSON.stringify writes without the routes, for new entries, remembered ones, and entries changed after they were written', () => {
    const texts = planTexts();
    const first = plan(entries());
    expect(texts.shell(first)).toBe(shell(first));
    deepFreeze(first);
    texts.remember(first);
    // The next version carries s9 over, adds s7 and drops s"8.
    const second = plan([first.unassigned[0]!, { shipmentId: 's7', reasons: ['time_window'] }], 2);
    expect(texts.shell(second)).toBe(shell(second));
    // An entry not frozen is written afresh every time, however often it was written before.
    const loose = entries();
    const third = plan(loose, 3);
    expect(texts.shell(third)).toBe(shell(third));
    loose[1]!.reasons.push('shift');
    expect(texts.shell(third)).toBe(shell(third));
    // Keys left undefined are left out, as JSON.stringify does.
    const sparse = { ...plan([]), note: undefined } as unknown as Plan;
    expect(texts.shell(sparse)).toBe(shell(sparse));
  });
});
