/** Plan versions stored route by route (migration 15): what a user sees is the plan they saved, and far less disk. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, type Plan, type Route } from '../domain/index.ts';
import { openDatabase } from './sqlite.ts';
import { openStore, STORE_MIGRATIONS } from './store.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const clock = new ManualClock(1_795_000_000);
const tenant = { id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' };
const route = (vehicleId: string, ids: string[], eta = at('10:00')): Route => ({
  vehicleId, departAt: at('09:00'), returnAt: at('11:00'),
  stops: ids.map((shipmentId) => ({ shipmentId, kind: 'delivery' as const, location: { lat: 52.37, lon: 4.89 }, arrivalAt: at('09:50'), serviceStartAt: eta, departureAt: at('10:10'), eta, status: 'planned' as const })),
  distanceM: 1200, durationS: 7200, cost: { amountMinor: 900, currency: 'EUR' },
});
const plan = (routes: Route[], unassigned: Plan['unassigned'] = []): Plan => ({ id: 'p', tenant: 'acme', version: 0, createdAt: at('08:00'), routes, unassigned });
const fileStore = () => join(mkdtempSync(join(tmpdir(), 'marshal-plans-')), 'marshal.db');
const count = (store: ReturnType<typeof openStore>, sql: string) => store.db.prepare(sql).pluck().get() as number;

describe('plan versions', () => {
  it('store each distinct route once, and read back every version as it was saved, after a restart too', () => {
    const file = fileStore();
    const store = openStore(file, { clock });
    store.tenants.put(tenant);
    const first = store.plans.save(plan([route('v1', ['s1', 's2']), route('v2', ['s3'])], [{ shipmentId: 's4', reasons: ['capacity'] }]));
    // The next version carries v1 over as stored, retimes v2 and adds v3; a third, built afresh, equals the second.
    const second = store.plans.save({ ...plan([first.routes[0]!, route('v2', ['s3'], at('10:30')), route('v3', ['s4'])]), id: 'p2' });
    store.plans.save(JSON.parse(JSON.stringify({ ...second, id: 'p3' })));
    expect(count(store, 'SELECT count(*) FROM plan_routes')).toBe(4);
    expect(count(store, "SELECT count(*) FROM plans WHERE doc LIKE '%stops%'")).toBe(0);
    store.close();
    const reopened = openStore(file, { clock });
    expect(reopened.plans.version('acme', 1)).toEqual(first);
    expect(reopened.plans.version('acme', 2)).toEqual(second);
    expect(reopened.plans.current('acme')).toEqual({ ...second, id: 'p3', version: 3 });
    expect(reopened.plans.current('acme')!.routes.map((r) => r.stops[0]!.eta)).toEqual([at('10:00'), at('10:30'), at('10:00')]);
    reopened.close();
  });

  it('keep a route row as it was written: SQLite refuses to change or remove it', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    store.plans.save(plan([route('v1', ['s1'])]));
    expect(() => store.db.prepare("UPDATE plan_routes SET doc = json_set(doc, '$.vehicleId', 'v9')").run()).toThrow(/never changed/);
    expect(() => store.db.prepare('DELETE FROM plan_routes').run()).toThrow(/never removed/);
    expect(store.plans.current('acme')!.routes[0]!.vehicleId).toBe('v1');
  });

  it('refuse a stored version whose route row is bad or gone, naming it, and one whose document changed behind their back', () => {
    const file = fileStore();
    const store = openStore(file, { clock });
    store.tenants.put(tenant);
    store.plans.save(plan([route('v1', ['s1'])], [{ shipmentId: 's2', reasons: ['capacity'] }]));
    store.plans.save(plan([route('v1', ['s1']), route('v2', ['s3'])]));
    store.db.exec("DROP TRIGGER plan_routes_no_update; UPDATE plan_routes SET doc = json_set(doc, '$.stops[0].eta', 'ten') WHERE id = 2;");
    store.db.prepare("UPDATE plans SET route_ids = '[1, 999]' WHERE version = 1").run();
    store.close();
    const reopened = openStore(file, { clock });
    expect(() => reopened.plans.version('acme', 1)).toThrow(/routes\.1: route row 999 is not stored/);
    expect(() => reopened.plans.version('acme', 2)).toThrow(/stops\.0\.eta/);
    reopened.db.prepare("UPDATE plans SET route_ids = '[1]' WHERE version = 1").run();
    expect(reopened.plans.version('acme', 1)!.unassigned[0]!.reasons).toEqual(['capacity']);
    reopened.db.prepare("UPDATE plans SET doc = json_set(doc, '$.unassigned[0].reasons[0]', 'weather') WHERE version = 1").run();
    expect(() => reopened.plans.version('acme', 1)).toThrow(/unassigned\.0\.reasons\.0/);
    reopened.close();
  });

  it('read versions stored whole before migration 15, and carry their routes into the next version by row', () => {
    const file = fileStore();
    const old = openDatabase(file, STORE_MIGRATIONS.slice(0, 14), 'Marshal store');
    old.prepare('INSERT INTO tenants (id, doc) VALUES (?, ?)').run('acme', JSON.stringify(tenant));
    const whole = { ...plan([route('v1', ['s1'])]), version: 1 };
    old.prepare('INSERT INTO plans (tenant, version, id, created_at, doc) VALUES (?, ?, ?, ?, ?)').run('acme', 1, 'p', at('08:00'), JSON.stringify(whole));
    old.close();
    const store = openStore(file, { clock });
    const read = store.plans.current('acme')!;
    expect(read).toEqual(whole);
    const next = store.plans.save({ ...read, version: 0 });
    expect(next.routes[0]).toEqual(whole.routes[0]);
    expect(count(store, 'SELECT count(*) FROM plan_routes')).toBe(1);
    store.close();
  });
});
