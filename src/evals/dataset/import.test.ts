/** Importers: a sandbox day and a Solomon instance become datasets that load back unchanged; the sample is reproducible. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, toEpochSeconds } from '../../domain/index.ts';
import { generateScenario } from '../../sandbox/generator/index.ts';
import { parseSolomon } from '../../sandbox/solomon/index.ts';
import { DatasetError, datasetFromScenario, datasetFromSolomon, formatProblem, loadDataset, writeDataset } from './index.ts';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'marshal-import-')), 'ds');
const solomon = (name: string) => readFileSync(new URL(`../../../../shared/benchmarks/solomon/${name}.txt`, import.meta.url), 'utf8');

function roundTrip(dataset: ReturnType<typeof datasetFromScenario>) {
  const dir = tmp();
  writeDataset(dir, dataset);
  const loaded = loadDataset(dir);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.dataset;
}

describe('dataset importers', () => {
  it('imports a sandbox day: orders ready at their pick, at their customer, with breakdowns and failed attempts', () => {
    const day = generateScenario({ seed: 11, orders: 80, depots: 2, vehicles: 6 });
    const dataset = datasetFromScenario(day);
    expect(dataset.orders).toHaveLength(80);
    const pick = day.events.find((e) => e.type === 'wms.pick.completed')!;
    const pickData = pick.data as { orderId: string; completedAt: string };
    const order = dataset.orders.find((o) => o.id === pickData.orderId)!;
    expect(order.readyAt).toBe(pickData.completedAt);
    const customer = day.customers.find((c) => c.id === order.customerId)!;
    expect(order.location).toEqual(customer.location);
    expect(dataset.disruptions.map((d) => d.kind).sort()).toEqual(['failed_attempt', 'vehicle_down']);
    expect(roundTrip(dataset)).toEqual(dataset);
  });

  it('imports a Solomon instance: demand as weight, due dates as clock times, planar coordinates kept', () => {
    const inst = parseSolomon(solomon('c101'), 'c101');
    const dataset = datasetFromSolomon(solomon('c101'), 'c101', { date: '2027-03-01' });
    const midnight = toEpochSeconds('2027-03-01T00:00:00Z');
    expect(dataset.orders).toHaveLength(100);
    inst.customers.forEach((c, i) => {
      const o = dataset.orders[i]!;
      expect(o.load.weightKg).toBe(c.demand);
      expect(toEpochSeconds(o.windows[0]!.start) - midnight).toBe(c.ready * 60);
      expect(toEpochSeconds(o.windows[0]!.end) - midnight).toBe(c.due * 60);
      expect(o.serviceSeconds).toBe(c.service * 60);
      expect([o.location.x, o.location.y]).toEqual([c.x, c.y]);
    });
    expect(dataset.vehicles).toHaveLength(inst.vehicles);
    expect(dataset.manifest.source).toEqual({ kind: 'solomon', seed: null });
    expect(roundTrip(dataset)).toEqual(dataset);
  });

  it('keeps evals/datasets/sample equal to what the generator and the importer make (see its README to remake it)', () => {
    const day = generateScenario({ seed: 7, orders: 120, depots: 2, vehicles: 8 });
    const expected = datasetFromScenario(day, { kind: 'sandbox-day', file: 'sample-day.json', seed: 7 });
    const loaded = loadDataset(new URL('../../../evals/datasets/sample', import.meta.url).pathname);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    expect(loaded.dataset).toEqual(expected);
  });

  it('writes nothing when what it would write does not load, and names every conflict before writing', () => {
    const dataset = datasetFromScenario(generateScenario({ seed: 11, orders: 10, depots: 1, vehicles: 2 }));
    const bad = { ...dataset, orders: dataset.orders.map((o, i) => (i === 0 ? { ...o, depotId: 'dc-gone' } : o)) };
    const dir = tmp();
    const refused = (() => {
      try {
        writeDataset(dir, bad);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(DatasetError);
    expect((refused as DatasetError).problems.map(formatProblem)).toEqual([`orders.csv:2 depot_id: unknown depot 'dc-gone'`]);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(dir, '..'))).toEqual([]);

    mkdirSync(dir);
    for (const name of ['orders.jsonl', 'disruptions.jsonl', 'fleet.csv']) writeFileSync(join(dir, name), 'x\n');
    expect(() => writeDataset(dir, dataset, { overwrite: true })).toThrow(/orders\.jsonl: would sit beside.*disruptions\.jsonl: would sit beside|disruptions\.jsonl: would sit beside.*orders\.jsonl: would sit beside/);
    expect(readFileSync(join(dir, 'fleet.csv'), 'utf8')).toBe('x\n');
  });

  it('names the day file when a sandbox day lists an order of a customer it does not have', () => {
    const day = generateScenario({ seed: 11, orders: 10, depots: 1, vehicles: 2 });
    const broken = { ...day, customers: day.customers.slice(1) };
    expect(() => datasetFromScenario(broken, { kind: 'sandbox-day', file: 'day.json', seed: 11 })).toThrow(InputError);
    expect(() => datasetFromScenario(broken, { kind: 'sandbox-day', file: 'day.json', seed: 11 })).toThrow(/^sandbox day day\.json: order .*customerId: customer '.*' is not in the day's customers/);
  });
});
