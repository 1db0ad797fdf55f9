/** Checks across files and rows: the directory holds only dataset files, the manifest is a real day, rows agree with
 * each other and with their tenant, and one mistake is one problem rather than a cascade. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPOTS, datasetDir, DISRUPTIONS, FLEET, MANIFEST, ORDER_HEADER, order } from './fixture.ts';
import { formatProblem, loadDataset } from './index.ts';

function problemsOf(dir: string): string[] {
  const result = loadDataset(dir);
  return result.ok ? [] : result.problems.map(formatProblem);
}
const problems = (files: Record<string, string>) => problemsOf(datasetDir(files));
const orders = (...rows: string[]) => [ORDER_HEADER, ...rows].join('\n');

describe('dataset checks', () => {
  it('refuses a misspelled table file instead of silently skipping it, with a guess', () => {
    expect(problems({ 'disruptions.csv': '', 'disruption.csv': DISRUPTIONS, 'carrier.csv': 'x\n', 'notes.txt': 'hello' })).toEqual([
      'carrier.csv (file): not a dataset file: did you mean carriers.csv?',
      'disruption.csv (file): not a dataset file: did you mean disruptions.csv?',
      expect.stringMatching(/^notes\.txt \(file\): not a dataset file \(expected dataset\.json, depots\.csv/),
    ]);
    const dir = datasetDir({ 'orders.csv': '' });
    writeFileSync(join(dir, 'orders.CSV'), orders(order('o-1'), order('o-2')));
    expect(problemsOf(dir)).toContain('orders.CSV (file): not a dataset file: did you mean orders.csv?');
  });

  it('refuses a manifest day that is not on the calendar, unknown manifest keys and a tenant given twice', () => {
    const manifest = { ...MANIFEST, date: '2026-02-30', tenant: 'acme', tenants: [...MANIFEST.tenants, MANIFEST.tenants[0]], source: { kind: 'erp' } };
    expect(problems({ 'dataset.json': JSON.stringify(manifest) })).toEqual([
      "dataset.json date: must be a calendar date YYYY-MM-DD, got '2026-02-30'",
      "dataset.json source.kind: must be one of sandbox-day, solomon, history, other, got 'erp'",
      'dataset.json tenant: unknown key',
      "dataset.json tenants.1.id: duplicate 'acme', first at tenants.0",
    ]);
  });

  it('refuses timestamps outside the operating day: a breakdown dated next year never happens', () => {
    expect(problems({
      'disruptions.csv': 'kind,at,vehicle_id\nvehicle_down,2027-01-05T10:00:00Z,veh-1\n',
      'orders.csv': orders(order('o-1', '2026-11-21T23:00:00Z/2026-11-26T00:00:00Z'), order('o-2', '2026-11-22T00:00:00Z/2026-11-25T23:59:59Z')),
    })).toEqual([
      'orders.csv:2 windows.0.end: 2026-11-26T00:00:00Z is outside the operating day 2026-11-23 (2026-11-22T00:00:00Z to before 2026-11-26T00:00:00Z)',
      'orders.csv:2 windows.0.start: 2026-11-21T23:00:00Z is outside the operating day 2026-11-23 (2026-11-22T00:00:00Z to before 2026-11-26T00:00:00Z)',
      'disruptions.csv:2 at: 2027-01-05T10:00:00Z is outside the operating day 2026-11-23 (2026-11-22T00:00:00Z to before 2026-11-26T00:00:00Z)',
    ]);
  });

  it('refuses a customer at two places, and a currency that is not its tenant\'s', () => {
    const moved = order('o-2').replace('52.40,4.95', '52.41,4.95');
    expect(problems({ 'orders.csv': orders(order('o-1'), moved.replace(',EUR,', ',USD,')), 'fleet.csv': FLEET.replace(/EUR$/, 'GBP') })).toEqual([
      "fleet.csv:3 currency: 'GBP' differs from tenant acme's currency EUR",
      "orders.csv:3 currency: 'USD' differs from tenant acme's currency EUR",
      "orders.csv:3 lat: differs from line 2 for customer_id 'cus-1' ('52.4')",
    ]);
  });

  it('refuses planar and map locations mixed: x without y on a depot, x/y on some places only', () => {
    const planarDepots = 'id,tenant,lat,lon,x,y,opens_at,closes_at\ndc-n,acme,52.46,4.90,0,,04:00,22:00\n';
    expect(problems({ 'depots.csv': planarDepots })).toEqual(['depots.csv:2 y: x and y come together']);
    const header = `${ORDER_HEADER},x,y`;
    expect(problems({
      'depots.csv': planarDepots.replace('0,,', '0,0,'),
      'orders.csv': [header, `${order('o-1')},3,4`, `${order('o-2').replace('cus-1', 'cus-2')},,`].join('\n'),
    })).toEqual(['orders.csv:3 x: has no x/y, unlike depots.csv:2: locations are all planar (x/y) or none']);
  });

  it('names a table that is a directory, reads JSONL with a byte-order mark, refuses tables with no rows', () => {
    const dir = datasetDir({ 'orders.csv': '' });
    mkdirSync(join(dir, 'orders.csv'));
    expect(problemsOf(dir)).toEqual(['orders.csv (file): is not a file']);
    const jsonl = JSON.stringify({ kind: 'late_pick', order_id: 'o-2', delay_s: 60 });
    expect(problems({ 'disruptions.csv': '', 'disruptions.jsonl': `\uFEFF${jsonl}\n` })).toEqual([]);
    expect(problems({ 'orders.csv': ORDER_HEADER, 'disruptions.csv': '' })).toEqual(['orders.csv (file): has no rows: the dataset needs at least one']);
  });

  it('reports a historical carrier that is not among the carriers', () => {
    expect(problems({ 'orders.csv': orders(order('o-1').replace(/,,,,$/, ',2026-11-23T10:00:00Z,1,car-gone,900'), order('o-2')) })).toEqual([
      "orders.csv:2 carrier: unknown carrier (not in carriers) 'car-gone'",
    ]);
  });

  it('keeps one mistake one problem: a ragged row\'s id still exists, a column missing from every JSONL line is said once', () => {
    const ragged = `${order('o-2')},extra`;
    expect(problems({ 'orders.csv': orders(order('o-1'), ragged) })).toEqual(['orders.csv:3 (row): has 22 fields, the header has 21']);
    const row = (id: string) => JSON.stringify({ id, tenant: 'acme', depot_id: 'dc-n', kind: 'van', capacity_kg: 1, capacity_m3: 1, capacity_pallets: 1, shift_start: '2026-11-23T06:00:00Z', shift_end: '2026-11-23T16:00:00Z', fixed_cost_minor: 1, cost_per_km_minor: 1, cost_per_hour_minor: 1 });
    expect(problems({ 'fleet.csv': '', 'fleet.jsonl': `${row('veh-1')}\n${row('veh-2')}\n` })).toEqual(['fleet.jsonl:1 currency: missing column (on every line)']);
  });

  it('still loads the fixture: the new checks refuse nothing good', () => {
    expect(problems({ 'depots.csv': DEPOTS })).toEqual([]);
  });
});
