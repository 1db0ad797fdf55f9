/** Proposals stay within what the decision log takes, however much a batch gives an agent to say. */
import { describe, expect, it } from 'vitest';
import { ActionProposal, ManualClock, type MarshalEvent, SUMMARY_MAX } from '../domain/index.ts';
import { listed, propose } from './agent.ts';

const event = { specversion: '1.0', id: 'evt-1', source: '/acme', type: 'wms.pick.completed', time: '2026-11-23T08:00:00Z', tenant: 'acme', data: {} } as unknown as MarshalEvent;

describe('propose', () => {
  it('cuts a summary longer than the log takes, says so, and the proposal still parses', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `shp-ord-${String(i).padStart(6, '0')} → veh-001 (ETA 10:00 UTC)`);
    const p = propose('dispatch', event, new ManualClock(0), {
      kind: 'route.replan', target: { system: 'plan', type: 'route', id: 'veh-001' }, payload: {}, impact: { costMinor: 0, ordersAffected: 300, slaRisk: 0 },
      confidence: 0.8, explanation: { summary: `Put 300 shipment(s) on a van: ${ids.join(', ')}.`, constraints: ids, inputs: {}, alternatives: [] },
    });
    expect(p.explanation.summary.length).toBe(SUMMARY_MAX);
    expect(p.explanation.summary).toMatch(/cut to the log's 2,000 characters/);
    expect(p.explanation.constraints).toHaveLength(300);
    expect(ActionProposal.safeParse(p).success).toBe(true);
  });

  it('leaves a summary within the limit as it is', () => {
    const p = propose('dispatch', event, new ManualClock(0), {
      kind: 'route.replan', target: { system: 'plan', type: 'route', id: 'veh-001' }, payload: {}, impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0 },
      confidence: 0.8, explanation: { summary: 'Put shp-1 on veh-001.', constraints: [], inputs: {}, alternatives: [] },
    });
    expect(p.explanation.summary).toBe('Put shp-1 on veh-001.');
  });
});

describe('listed', () => {
  it('names the first items and counts the rest', () => {
    expect(listed(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
    expect(listed(['a', 'b'], 2)).toBe('a, b');
  });
});
