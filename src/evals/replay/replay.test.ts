/**
 * The replay engine on a small generated day (30 orders, one breakdown, the road stepped every 5 minutes to keep it
 * quick): the same dataset, policy and seed give the same report (all but its timing) and the same decision log
 * heads; failed attempts come back as reschedules, returns and restocks with a return-to-stock time; the reviewer
 * answers L1 reviews through the review API.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultPolicy } from '../../policies/index.ts';
import { generateScenario, serializeScenario } from '../../sandbox/generator/index.ts';
import { Scenario } from '../../sandbox/index.ts';
import { datasetFromScenario, writeDataset } from '../dataset/index.ts';
import { deterministicPart, reportMarkdown } from '../report/index.ts';
import { parseReviewer, type ReplayResult, runReplay, STRATEGIES, writeReport } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'marshal-replay-test-'));
// A high failure rate, so a 40-order day has failed attempts to follow through the reverse flow.
const request = (reviewer = 'approve-all') => ({
  datasetDir: join(dir, 'day'), strategies: STRATEGIES, seed: 11, policy: loadDefaultPolicy(), policySource: 'default',
  reviewer: parseReviewer(reviewer), firstAttemptFailure: 0.3, tickSeconds: 300,
});
let first: ReplayResult;
let second: ReplayResult;

beforeAll(async () => {
  const day = Scenario.parse(JSON.parse(serializeScenario(generateScenario({ seed: 11, orders: 30, depots: 1, vehicles: 4 }))));
  writeDataset(join(dir, 'day'), datasetFromScenario(day));
  first = await runReplay(request());
  second = await runReplay(request());
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay', () => {
  it('loses no event, and its report would name any the runtime gave up on', () => {
    expect(first.report.runs.map((r) => r.failedEvents)).toEqual([[], [], []]);
    const lost = { eventId: 'evt-9', type: 'wms.pick.completed' as const, error: 'no van' };
    const md = reportMarkdown({ ...first.report, runs: first.report.runs.map((r) => (r.strategy === 'marshal' ? { ...r, failedEvents: [lost] } : r)) });
    expect(md).toContain('## Events the runtime gave up on');
    expect(md).toContain('- **marshal**: 1 event(s)');
    expect(md).toContain('wms.pick.completed `evt-9`: no van');
    expect(reportMarkdown(first.report)).not.toContain('gave up on');
  });

  it('is deterministic: same dataset, policy and seed, byte-identical report.json and the same decision log heads', () => {
    writeReport(join(dir, 'first'), first);
    writeReport(join(dir, 'second'), second);
    const json = (run: string) => readFileSync(join(dir, run, 'report.json'), 'utf8');
    expect(json('second')).toBe(json('first'));
    expect(JSON.parse(json('first'))).toEqual(JSON.parse(JSON.stringify(deterministicPart(first.report))));
    expect(JSON.parse(readFileSync(join(dir, 'first', 'timing.json'), 'utf8')).runs).toHaveLength(3);
    expect(second.report.runs.map((r) => r.decisionLog.headHash)).toEqual(first.report.runs.map((r) => r.decisionLog.headHash));
    expect(new Set(first.report.runs.map((r) => r.decisionLog.headHash)).size).toBe(3);
    expect(first.report.timing.runs.map((t) => t.strategy)).toEqual(['static', 'greedy', 'marshal']);
  });

  it('follows failed attempts through the reverse flow: reschedules, returns, restocks, a return-to-stock time', () => {
    const marshal = first.report.runs.find((r) => r.strategy === 'marshal')!.kpis;
    expect(marshal.reverse.failedAttempts).toBeGreaterThan(0);
    expect(marshal.reverse.reschedules).toBeGreaterThan(0);
    expect(marshal.reverse.returns).toBeGreaterThan(0);
    expect(marshal.reverse.restocks).toBe(marshal.reverse.returns);
    expect(marshal.reverse.returnToStockMinutes.count).toBe(marshal.reverse.restocks);
    expect(marshal.reverse.returnToStockMinutes.mean).toBeGreaterThan(0);
    expect(marshal.firstAttemptPct).toBeLessThan(100);
  });

  it('counts every delivery once and every decision of the log', () => {
    for (const run of first.report.runs) {
      const k = run.kpis;
      expect(k.delivered + k.undelivered).toBe(k.orders.dueToday);
      expect(k.cost.totalMinor).toBe(k.cost.fixedMinor + k.cost.distanceMinor + k.cost.timeMinor + k.cost.carrierMinor);
      // The log holds the policy load too, which the KPIs leave out.
      expect(k.decisions.total).toBe(run.decisionLog.seq - 1);
    }
  });
});

describe('the simulated reviewer', () => {
  it('answers L1 reviews through the review API: approved, rejected, or expired when it waits past the deadline', async () => {
    // Every route assignment at L1 (the policy under test), so each strategy has reviews to answer.
    const base = loadDefaultPolicy();
    const policy = { ...base, kinds: { ...base.kinds, 'route.assign': { ...base.kinds['route.assign']!, level: 'L1' as const } } };
    const kpis = async (reviewer: string) => (await runReplay({ ...request(reviewer), policy, strategies: [STRATEGIES[1]!] })).report.runs[0]!.kpis;
    const reviews = async (reviewer: string) => (await kpis(reviewer)).reviews;
    const approved = await reviews('approve-all');
    expect(Object.keys(approved)).toEqual(['approved']);
    // Refused assignments come off the vans: the road drives none of them.
    const rejected = await kpis('reject-all');
    expect(Object.keys(rejected.reviews)).toEqual(['rejected']);
    expect(rejected.delivered).toBe(0);
    // Route assignments wait at most 30 minutes for a dispatcher (policies/default.json): a slower reviewer is too late.
    expect(Object.keys(await reviews('delay:3600'))).toEqual(['expired']);
  }, 120_000);


  it('parses approve-all, reject-all and delay:SECONDS, and refuses anything else', () => {
    expect(parseReviewer('delay:900')).toEqual({ kind: 'delay', seconds: 900 });
    expect(parseReviewer('reject-all')).toEqual({ kind: 'reject-all' });
    expect(() => parseReviewer('maybe')).toThrow(/approve-all, reject-all or delay:SECONDS/);
  });
});
