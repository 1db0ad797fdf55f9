import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, judge, loadCases, report, runEval } from './eval.ts';
import { resolveText } from './placeholders.ts';
import { copyDay, evalDay, openCopilotWorld, playEvalDay } from './world.ts';

describe('the copilot eval on the fixed sandbox day', () => {
  let dir = '';
  let results: CaseResult[] = [];
  beforeAll(async () => {
    dir = (await playEvalDay()).dir;
    results = await runEval(loadCases(), dir, evalDay());
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has at least 60 cases covering every intent, and the offline model scores at least 95 %', () => {
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(new Set(results.map((r) => r.intent))).toEqual(new Set([
      'orders_at_risk', 'order_status', 'fleet_status', 'explain_decision', 'carrier_performance', 'kpis', 'pending_reviews',
      'decide_review', 'request_replan', 'request_retender', 'sop_lookup', 'none',
    ]));
    const accuracy = results.filter((r) => r.ok).length / results.length;
    expect(accuracy, report(results)).toBeGreaterThanOrEqual(0.95);
  });

  it('reads what the agents decided from the played day, and names a placeholder it cannot fill', async () => {
    const w = await openCopilotWorld(copyDay(dir), evalDay(), { owned: true, withKnowledge: false });
    try {
      const src = { store: w.runtime.store, tenant: 'acme', now: w.clock.now() };
      expect(resolveText('explain {{decision:order.hold:ord-000002}}', src, 'x')).toMatch(/^explain dec-\d{8}$/);
      expect(() => resolveText('{{decision:route.replan:veh-999}}', src, 'case-1.message')).toThrow('case-1.message: {{decision:route.replan:veh-999}} has no value on this day');
      expect(() => resolveText('{{nope}}', src, 'case-1.facts.0')).toThrow('unknown placeholder {{nope}}');
    } finally {
      w.close();
    }
  });

  it('lists every failure with what was wrong', () => {
    const wrong = judge(loadCases()[0]!, [{ name: 'kpis', args: {} }], 'nothing useful');
    expect(wrong).toEqual(['tools: expected orders_at_risk, got kpis', 'answer lacks "{{unassignedOrder:0}}"', 'answer lacks "{{notReleasedOrder:0}}"']);
    const text = report([{ id: 'x-1', intent: 'kpis', ok: false, problems: wrong, answer: 'nothing useful', calls: [], ms: 1 }]);
    expect(text).toContain('copilot eval: 0/1 correct (0.0 %)');
    expect(text).toContain('x-1 [kpis]: tools: expected orders_at_risk, got kpis; answer lacks "{{unassignedOrder:0}}"');
  });
});
