/** The loader takes a good dataset whole and refuses a bad one with every bad row listed by file, line and field. */
import { describe, expect, it } from 'vitest';
import { CARRIERS, datasetDir, FLEET, MANIFEST, ORDER_HEADER, order } from './fixture.ts';
import { formatProblem, loadDataset } from './index.ts';


describe('dataset loader', () => {
  it('loads a good dataset with its units: minor units, seconds, metres, windows, disruptions', () => {
    const result = loadDataset(datasetDir({}));
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const { orders, vehicles, disruptions, depots, carriers } = result.dataset;
    expect(depots[0]).toMatchObject({ id: 'dc-n', location: { lat: 52.46, lon: 4.9 }, dockDoors: 4 });
    expect(vehicles.map((v) => v.skills)).toEqual([[], ['tail_lift', 'reefer']]);
    expect(orders[0]).toMatchObject({
      id: 'o-1', readyAt: '2026-11-23T05:00:00Z', load: { weightKg: 12.5, volumeM3: 0.2, pallets: 0 }, serviceSeconds: 300,
      value: { amountMinor: 4599, currency: 'EUR' }, windows: [{ start: '2026-11-23T09:00:00Z', end: '2026-11-23T11:00:00Z' }],
      location: { address: 'Kerkstraat 1, Zaandam' },
    });
    expect(orders[0]!.outcome).toBeUndefined();
    expect(disruptions).toEqual([
      { kind: 'vehicle_down', vehicleId: 'veh-1', at: '2026-11-23T11:00:00Z', reason: 'breakdown', until: '2026-11-23T15:00:00Z' },
      { kind: 'late_pick', orderId: 'o-2', delaySeconds: 1800 },
      { kind: 'failed_attempt', orderId: 'o-1', reasonCode: 'not_home' },
    ]);
    expect(carriers).toEqual([]);
  });

  it('refuses a bad dataset, loads nothing, and lists every bad row with file, line and field', () => {
    const dir = datasetDir({
      // capacity_kg is missing from the header: one problem for the column, not one per row.
      'fleet.csv': FLEET.replace('capacity_kg,', '').replace(/,1000,/, ',').replace(/,7500,/, ','),
      'orders.csv': [
        ORDER_HEADER,
        order('o-1'),
        order('o-2', '2026-11-23T11:00:00Z/2026-11-23T09:00:00Z'), // window ends before it starts
        order('o-1'), // duplicate id
        order('o-4', undefined, 'heavy'), // not a number
        order('o-5', undefined, '-3'),
      ].join('\n'),
      'disruptions.csv': 'kind,at,vehicle_id,order_id,reason\nvehicle_down,2026-11-23T11:00:00Z,veh-9,,breakdown\nlate_pick,,,o-2,\nfailed_attempt,,,o-404,not_home\n',
    });
    const result = loadDataset(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      'fleet.csv:1 capacity_kg: missing column',
      "orders.csv:3 windows.0.end: window ends before it starts",
      "orders.csv:4 id: duplicate 'o-1', first on line 2",
      "orders.csv:5 weight_kg: must be a number, got 'heavy'",
      'orders.csv:6 weight_kg: must not be negative',
      "disruptions.csv:2 vehicle_id: unknown vehicle 'veh-9'",
      'disruptions.csv:3 delay_s: is required for late_pick',
      "disruptions.csv:4 order_id: unknown order 'o-404'",
    ]);
  });

  it('reads JSONL tables the same way, naming the line of each bad row', () => {
    const row = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({
      id, tenant: 'acme', customer_id: 'cus-1', depot_id: 'dc-n', created_at: '2026-11-23T01:00:00Z', ready_at: '2026-11-23T05:00:00Z',
      lat: 52.4, lon: 4.95, weight_kg: 3, volume_m3: 0.1, windows: [{ start: '2026-11-23T09:00:00Z', end: '2026-11-23T11:00:00Z' }],
      service_s: 120, sla_tier: 'standard', channel: 'marketplace', value_minor: 1999, currency: 'EUR', ...extra,
    });
    const good = loadDataset(datasetDir({ 'orders.csv': '', 'disruptions.csv': '', 'carriers.csv': CARRIERS, 'orders.jsonl': `${row('o-1')}\n${row('o-2', { delivered_at: '2026-11-23T10:12:00Z', attempts: 1, carrier: 'car-x', cost_minor: 850 })}\n` }));
    if (!good.ok) throw new Error(good.problems.map(formatProblem).join('\n'));
    expect(good.dataset.orders[1]!.outcome).toEqual({ deliveredAt: '2026-11-23T10:12:00Z', attempts: 1, carrierId: 'car-x', cost: { amountMinor: 850, currency: 'EUR' } });

    const bad = loadDataset(datasetDir({
      'orders.csv': '', 'disruptions.csv': '',
      'orders.jsonl': [row('o-1'), '{not json', row('o-3', { sla_tier: 'gold', weigth_kg: 2 }), row('o-4', { ready_at: '2026-11-23T00:30:00Z' })].join('\n'),
    }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => `${p.file}:${p.line} ${p.field}`)).toEqual([
      'orders.jsonl:2 (row)', 'orders.jsonl:3 sla_tier', 'orders.jsonl:3 weigth_kg', 'orders.jsonl:4 ready_at',
    ]);
  });

  it('names a missing file once, without a cascade of unknown references to it, a bad manifest and an unknown tenant', () => {
    const noDepots = loadDataset(datasetDir({ 'dataset.json': JSON.stringify({ ...MANIFEST, date: '23-11-2026' }), 'depots.csv': '' }));
    expect(noDepots.ok).toBe(false);
    if (noDepots.ok) return;
    expect(noDepots.problems.map(formatProblem)).toEqual([
      "dataset.json date: must be a calendar date YYYY-MM-DD, got '23-11-2026'",
      'depots.csv (file): missing: the dataset needs depots.csv or depots.jsonl (references to it are not checked)',
    ]);
    const otherTenant = loadDataset(datasetDir({ 'fleet.csv': FLEET.replace('veh-2,acme', 'veh-2,other') }));
    expect(otherTenant.ok ? [] : otherTenant.problems.map(formatProblem)).toEqual(["fleet.csv:3 tenant: unknown tenant (not in dataset.json) 'other'"]);
  });
});
