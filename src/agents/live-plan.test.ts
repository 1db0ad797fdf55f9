import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { openTinySandbox } from '../../test/fixtures/tiny-sandbox.ts';
import { ManualClock, type Plan, type Route, type Shipment, toEpochSeconds } from '../domain/index.ts';
import { openDatabase, openStore, STORE_MIGRATIONS } from '../store/index.ts';
import { deepFreeze } from '../domain/index.ts';
import type { Solution } from '../optimizer/index.ts';
import { buildProblem, loadInputs, type PlanInputs, toDomainPlan, withOtherDepots } from './live-plan.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const location = { lat: 52.37, lon: 4.9 };

function shipment(id: string, depotId: string, status: Shipment['status']): Shipment {
  return {
    id, tenant: 'acme', orderIds: [id.replace(/^shp-/, '')], depotId, customerId: 'c1', destination: location,
    windows: [{ start: at('10:00'), end: at('12:00') }], serviceSeconds: 300, load: { weightKg: 1, volumeM3: 0.01, pallets: 0 },
    requiredSkills: [], status,
  };
}

function route(vehicleId: string, shipmentIds: string[], departAt: string): Route {
  return {
    vehicleId, departAt, returnAt: at('13:00'), distanceM: 1000, durationS: 600, cost: { amountMinor: 100, currency: 'EUR' },
    stops: shipmentIds.map((shipmentId) => ({
      shipmentId, kind: 'delivery' as const, location, arrivalAt: at('10:00'), serviceStartAt: at('10:00'), departureAt: at('10:05'), eta: at('10:00'), status: 'planned' as const,
    })),
  };
}

const plan = (routes: Route[], unassigned: string[]): Plan => ({
  id: 'p', tenant: 'acme', version: 1, createdAt: at('08:00'), routes, unassigned: unassigned.map((shipmentId) => ({ shipmentId, reasons: ['capacity'] })),
});

describe('a plan made over one depot', () => {
  it("keeps the other depots' routes and waiting shipments as they were, less what is no longer open", () => {
    const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
    store.tenants.put({ id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' });
    for (const [id, depot, status] of [
      ['shp-n1', 'north', 'assigned'], ['shp-n2', 'north', 'ready'], ['shp-s1', 'south', 'assigned'], ['shp-s2', 'south', 'delivered'],
      ['shp-s3', 'south', 'assigned'], ['shp-s4', 'south', 'ready'], ['shp-s5', 'south', 'tendered'],
    ] as const) store.shipments.put(shipment(id, depot, status));
    // The stored plan: north's van v1, south's vans s-van1 (one stop delivered since) and s-van2; two waiting.
    const base = plan([route('s-van1', ['shp-s1', 'shp-s2'], at('09:00')), route('s-van2', ['shp-s3'], at('09:30')), route('v1', ['shp-n1'], at('09:40'))], ['shp-s4', 'shp-s5']);
    const inputs = { tenant: 'acme', depotId: 'north', base, vehicles: [{ id: 'v1' }, { id: 'v2' }], shipments: new Map([['shp-n1', {}], ['shp-n2', {}]]) } as unknown as PlanInputs;
    // North re-planned: n1 and the new n2 on v2, nothing waiting at north.
    const merged = withOtherDepots(store, plan([route('v2', ['shp-n1', 'shp-n2'], at('09:45'))], []), inputs);
    expect(merged.routes.map((r) => [r.vehicleId, r.stops.map((s) => s.shipmentId), r.departAt])).toEqual([
      ['s-van1', ['shp-s1'], at('09:00')], ['s-van2', ['shp-s3'], at('09:30')], ['v2', ['shp-n1', 'shp-n2'], at('09:45')],
    ]);
    // s5 went to a carrier: no longer waiting; s4 still is.
    expect(merged.unassigned.map((u) => u.shipmentId)).toEqual(['shp-s4']);
  });

  it('is the plan itself when the inputs were the whole tenant', () => {
    const store = openStore(':memory:', { clock: new ManualClock(1_795_000_000) });
    const own = plan([route('v1', ['shp-n1'], at('09:00'))], []);
    const inputs = { tenant: 'acme', base: plan([route('s-van1', ['shp-s1'], at('09:00'))], []), vehicles: [], shipments: new Map() } as unknown as PlanInputs;
    expect(withOtherDepots(store, own, inputs)).toBe(own);
  });
});

describe('holding the ETAs customers were given', () => {
  const day = tinyDay();
  const t = (hhmm: string) => toEpochSeconds(at(hhmm));
  const north = day.vehicles.filter((v) => v.depotId === 'north');
  const ship = (id: string): Shipment => ({ ...shipment(id, 'north', 'assigned'), windows: [{ start: at('10:00'), end: at('16:00') }] });
  const stop = (shipmentId: string, eta: string) => ({ ...route('x', [shipmentId], at('09:00')).stops[0]!, arrivalAt: at(eta), serviceStartAt: at(eta), eta: at(eta) });
  const inputs = (): PlanInputs => ({
    tenant: 'acme', currency: 'EUR', now: t('08:00'), vehicles: north, depots: day.depots.filter((d) => d.id === 'north'),
    shipments: new Map([['shp-a', ship('shp-a')], ['shp-b', ship('shp-b')]]), priorities: {},
    // Both were told 10:00; a re-plan since moved a to 11:00, b only to 10:10.
    promised: new Map([['shp-a', t('10:00')], ['shp-b', t('10:00')]]),
    base: plan([{ ...route(north[0]!.id, [], at('09:30')), stops: [stop('shp-b', '10:10'), stop('shp-a', '11:00')] }], []),
  });

  it('lets a stop move at most half an hour past what its customer was told', () => {
    const { jobs } = buildProblem(inputs(), { holdPromises: true });
    expect(jobs.get('shp-b')!.time_windows).toEqual([[t('10:00'), t('10:30')]]);
  });

  it('holds a stop a re-plan already moved further where the stored plan has it, so that plan stays feasible', () => {
    const { jobs } = buildProblem(inputs(), { holdPromises: true });
    expect(jobs.get('shp-a')!.time_windows).toEqual([[t('10:00'), t('11:00') + 1]]);
    expect(buildProblem(inputs()).jobs.get('shp-a')!.time_windows).toEqual([[t('10:00'), t('16:00')]]);
  });
});

describe("a depot's plan inputs", () => {
  it('hold its open shipments due today and none due after its last shift, and their orders\' priorities, those stored before the columns too', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'marshal-m13-')), 'marshal.db');
    const old = openDatabase(file, STORE_MIGRATIONS.slice(0, 12), 'Marshal store');
    old.prepare('INSERT INTO tenants (id, doc) VALUES (?, ?)').run('acme', JSON.stringify(tinyDay().tenant));
    const tomorrow = { start: '2026-11-24T10:00:00Z', end: '2026-11-24T12:00:00Z' };
    const stored = [
      shipment('shp-old-today', 'north', 'ready'),
      { ...shipment('shp-old-tomorrow', 'north', 'ready'), windows: [tomorrow] },
      // One window today, one tomorrow: due today.
      { ...shipment('shp-old-both', 'north', 'ready'), windows: [tomorrow, { start: at('14:00'), end: at('15:00') }] },
    ];
    for (const s of stored) {
      old.prepare('INSERT INTO shipments (tenant, id, status, depot_id, vehicle_id, doc, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run('acme', s.id, s.status, s.depotId, null, JSON.stringify(s), at('07:00'));
      const o = tinyOrder(s.orderIds[0]!, { priority: s.id === 'shp-old-today' ? 70 : 10 });
      old.prepare('INSERT INTO orders (tenant, id, status, sla_tier, depot_id, created_at, doc, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run('acme', o.id, o.status, o.slaTier, o.depotId, o.createdAt, JSON.stringify(o), o.createdAt);
    }
    old.close();
    const store = openStore(file, { clock: new ManualClock(toEpochSeconds(at('08:00'))) });
    for (const v of tinyDay().vehicles) store.vehicles.put(v);
    store.shipments.put(shipment('shp-new-today', 'north', 'assigned'));
    store.orders.put(tinyOrder('new-today', { priority: 30 }));
    store.shipments.put({ ...shipment('shp-new-tomorrow', 'north', 'ready'), windows: [tomorrow] });
    store.shipments.put(shipment('shp-south', 'south', 'ready'));
    const { ports } = await openTinySandbox();
    const inputs = await loadInputs(store, ports, 'acme', toEpochSeconds(at('08:00')), undefined, { depotId: 'north' });
    expect([...inputs.shipments.keys()]).toEqual(['shp-new-today', 'shp-old-both', 'shp-old-today']);
    expect(inputs.priorities).toEqual({ 'shp-new-today': 30, 'shp-old-both': 10, 'shp-old-today': 70 });
    // SQLite leaves the next day's out: the window column is filled for rows stored before it existed.
    const listed = store.shipments.list('acme', { where: { depot_id: 'north' }, below: { opens_at: toEpochSeconds(at('16:00')) } }).items;
    expect(listed.map((s) => s.id)).toEqual(['shp-new-today', 'shp-old-both', 'shp-old-today']);
    store.close();
  });
});

describe('a plan made from a solution', () => {
  const step = (id: string | undefined, t: number) => ({ type: id ? 'job' as const : 'start' as const, ...(id ? { id } : {}), arrival: t, service_start: t, departure: t + 300, distance: 0, load: [] });
  const solved = (secondStart: number): Solution => ({
    summary: { routes: 2, unassigned: 1, distance: 0, duration: 0, lateness: 0, cost: { total: 0, fixed: 0, distance: 0, time: 0, lateness: 0, unassigned_penalty: 0 } },
    routes: [
      { vehicle: 'v1', steps: [step(undefined, 36_000 - 600), step('shp-a', 36_000)], distance: 1000, duration: 900, cost: 100, lateness: 0 },
      { vehicle: 'v2', steps: [step(undefined, secondStart - 600), step('shp-b', secondStart)], distance: 1000, duration: 900, cost: 100, lateness: 0 },
    ],
    unassigned: [{ id: 'shp-c', type: 'job', reasons: ['capacity'] }],
  });
  const shipments = new Map(['shp-a', 'shp-b', 'shp-c'].map((id) => [id, shipment(id, 'north', 'ready')]));
  const inputs = (base: Plan | undefined) => ({ tenant: 'acme', currency: 'EUR', now: 30_000, base, shipments }) as unknown as PlanInputs;

  it("hands on the stored version's own route and entry objects where nothing changed, and new ones where something did", () => {
    const base = deepFreeze(toDomainPlan(solved(36_000), inputs(undefined), 'p'));
    const next = toDomainPlan(solved(37_800), inputs(base), 'p');
    expect(next.routes[0]).toBe(base.routes[0]);
    expect(next.unassigned[0]).toBe(base.unassigned[0]);
    expect(next.routes[1]).not.toBe(base.routes[1]);
    expect(next.routes[1]!.stops[0]!.eta).toBe('1970-01-01T10:30:00Z');
    expect(JSON.stringify(next)).toBe(JSON.stringify(toDomainPlan(solved(37_800), inputs(undefined), 'p')));
  });
});
