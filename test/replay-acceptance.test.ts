/**
 * Issue 7's acceptance on the sample day (120 orders, a breakdown and a failed attempt): Marshal against the static
 * baseline, and `marshal replay` refusing a bad dataset with every bad row listed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { type Report } from '../src/evals/report/index.ts';
import { runReplay, strategyByName } from '../src/evals/replay/index.ts';
import { loadDefaultPolicy } from '../src/policies/index.ts';

const SAMPLE = new URL('../evals/datasets/sample', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'marshal-replay-acceptance-'));
let report: Report;

beforeAll(async () => {
  ({ report } = await runReplay({
    datasetDir: SAMPLE, strategies: [strategyByName('static'), strategyByName('marshal')], seed: 7, policy: loadDefaultPolicy(),
    policySource: 'default', reviewer: { kind: 'approve-all' },
  }));
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const kpisOf = (name: string) => report.runs.find((r) => r.strategy === name)!.kpis;

describe('replay of the sample day with disruptions', () => {
  it('plays every order of the day, and what the road sent, through the runtime', () => {
    expect(report.runs.every((r) => r.events > 240)).toBe(true);
    // None of them lost along the way: the runtime gave up on no event.
    expect(report.runs.map((r) => [r.strategy, r.failedEvents])).toEqual([['static', []], ['marshal', []]]);
    expect(kpisOf('marshal').orders).toEqual({ total: 120, dueToday: 70, dueLater: 50 });
  });

  it('marshal beats static on on-time %', () => {
    expect(kpisOf('marshal').onTimePct!).toBeGreaterThan(kpisOf('static').onTimePct!);
  });

  // Static delivers what its vans carry in one batch planned at the first shift start (and tenders once what they
  // cannot take), leaving later orders undelivered at no cost. Marshal delivers nearly every order due: what a van
  // cannot take on its trip waits for the van's next one, and only what no trip can serve in time goes to a carrier.
  it('marshal beats static on cost per delivery', () => {
    expect(kpisOf('marshal').cost.perDeliveryMinor!).toBeLessThan(kpisOf('static').cost.perDeliveryMinor!);
  });

  it('the reverse flow shows: the failed attempt is rescheduled, and its goods restocked with a return-to-stock time', () => {
    const { reverse } = kpisOf('marshal');
    expect(reverse.failedAttempts).toBeGreaterThan(0);
    expect(reverse.reschedules).toBe(reverse.failedAttempts);
    expect(reverse.restocks).toBe(reverse.returns);
    expect(reverse.returnToStockMinutes.max!).toBeGreaterThan(0);
  });

  it('marshal delivers more of the orders due than static', () => {
    expect(kpisOf('marshal').delivered).toBeGreaterThan(kpisOf('static').delivered);
  });
});

describe('marshal replay refuses a bad dataset', () => {
  it('lists every bad row and runs nothing', async () => {
    const dir = join(tmp, 'broken');
    cpSync(SAMPLE, dir, { recursive: true });
    const fleet = readFileSync(join(dir, 'fleet.csv'), 'utf8').split('\n');
    const columns = fleet[0]!.split(',');
    const kg = columns.indexOf('capacity_kg');
    writeFileSync(join(dir, 'fleet.csv'), fleet.map((l) => l.split(',').filter((_, i) => i !== kg).join(',')).join('\n'));
    const orders = readFileSync(join(dir, 'orders.csv'), 'utf8').split('\n');
    orders[3] = orders[2]!; // line 4 repeats line 3's order id
    orders[5] = orders[5]!.replace(/2026-11-23T07:00:00Z\/2026-11-23T12:00:00Z/, '2026-11-23T12:00:00Z/2026-11-23T07:00:00Z');
    writeFileSync(join(dir, 'orders.csv'), orders.join('\n'));
    writeFileSync(join(dir, 'disruptions.csv'), 'kind,at,vehicle_id,order_id,reason,until,delay_s,note\nvehicle_down,2026-11-23T12:00:00Z,veh-999,,breakdown,,,\n');
    let err = '';
    const code = await main(['replay', '--dataset', dir, '--out', join(tmp, 'out')], { out: () => undefined, err: (t) => void (err += `${t}\n`), isTty: false });
    expect(code).toBe(1);
    expect(err).toContain('fleet.csv:1 capacity_kg: missing column');
    expect(err).toMatch(/orders\.csv:4 id: duplicate/);
    expect(err).toMatch(/orders\.csv:6 windows/);
    expect(err).toContain("disruptions.csv:2 vehicle_id: unknown vehicle 'veh-999'");
    expect(err).toMatch(/refused, \d+ problems/);
  });
});
