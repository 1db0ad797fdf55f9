/**
 * Plan versions, stored route by route (migration 15): a route's text once per tenant under its SHA-256, and each
 * version as its document (routes left out) plus the ids of its routes in order. A pick wave changes a route or two,
 * so a version costs its new routes and its unassigned list, not a copy of every route.
 */
import { createHash } from 'node:crypto';
import { deepFreeze, InputError, Plan, Route } from '../domain/index.ts';
import { planChecker } from './plan-check.ts';
import { planTexts } from './plan-text.ts';
import type { Db } from './sqlite.ts';
import { validatedReader } from './validated-read.ts';

/** Parsed plan versions kept in memory: the current and previous ones of a few tenants. */
const KEPT_PLANS = 8;

interface Row {
  version: number;
  doc: string;
  /** JSON array of `plan_routes` ids; null for a version stored whole, before migration 15. */
  routeIds: string | null;
}

interface Kept {
  doc: string;
  routeIds: string | null;
  plan: Plan;
}

/** The plans repository over `db`. */
export function plansRepository(db: Db) {
  const reader = validatedReader(Plan, 'stored plan');
  const routeReader = validatedReader(Route, 'stored plan route');
  const maxVersion = db.prepare('SELECT max(version) AS v FROM plans WHERE tenant = ?');
  const insert = db.prepare('INSERT INTO plans (tenant, version, id, created_at, doc, route_ids) VALUES (?, ?, ?, ?, ?, ?)');
  const byVersion = db.prepare('SELECT version, doc, route_ids AS routeIds FROM plans WHERE tenant = ? AND version = ?');
  // A kept version is checked against its stored row inside SQLite: reading the document out at every read made a
  // string on the JS heap each time.
  const sameRow = db.prepare('SELECT doc = ? AND route_ids IS ? FROM plans WHERE tenant = ? AND version = ?').pluck();
  const routeByHash = db.prepare('SELECT id FROM plan_routes WHERE tenant = ? AND hash = ?').pluck();
  const insertRoute = db.prepare('INSERT INTO plan_routes (tenant, hash, doc) VALUES (?, ?, ?) RETURNING id').pluck();
  const routeRows = db.prepare('SELECT r.id AS id, r.doc AS doc FROM json_each(?) AS j JOIN plan_routes AS r ON r.id = j.value WHERE r.tenant = ?');
  // Every agent and executor of an event reads the current plan and the one before it: the last few versions are kept
  // parsed, frozen so no reader can change what the others see.
  const kept = new Map<string, Kept>();
  const checker = planChecker();
  const texts = planTexts();
  // The row of each frozen route this store wrote or read, by tenant: a version that carries it over lists that row.
  const rowOf = new WeakMap<object, { tenant: string; id: number }>();

  const keep = (key: string, entry: Kept): Plan => {
    kept.delete(key);
    kept.set(key, entry);
    if (kept.size > KEPT_PLANS) kept.delete(kept.keys().next().value!);
    return entry.plan;
  };

  /** The row id of a route of `tenant`'s plan, storing its text first when no row holds it yet. */
  const routeRow = (tenant: string, route: Route): number => {
    const known = rowOf.get(route);
    if (known?.tenant === tenant) return known.id;
    const text = JSON.stringify(route);
    const hash = createHash('sha256').update(text).digest('hex');
    return (routeByHash.get(tenant, hash) as number | undefined) ?? (insertRoute.get(tenant, hash, text) as number);
  };

  /** The routes listed by `idsText`, from the kept versions where they are there, else read and validated. */
  const routesOf = (tenant: string, version: number, idsText: string): Route[] => {
    const fail = (path: string, reason: string): never => {
      throw new InputError('invalid_input', [{ path, reason }], `stored plan v${version} of ${tenant}`);
    };
    let ids: unknown;
    try {
      ids = JSON.parse(idsText);
    } catch {
      return fail('route_ids', 'is not JSON');
    }
    if (!Array.isArray(ids) || !ids.every((id) => Number.isSafeInteger(id) && id > 0)) return fail('route_ids', 'must be a list of route row ids');
    const have = new Map<number, Route>();
    for (const k of kept.values()) {
      for (const r of k.plan.routes) {
        const row = rowOf.get(r);
        if (row?.tenant === tenant) have.set(row.id, r);
      }
    }
    const missing = (ids as number[]).filter((id) => !have.has(id));
    if (missing.length > 0) {
      for (const { id, doc } of routeRows.all(JSON.stringify(missing), tenant) as { id: number; doc: string }[]) {
        const route = deepFreeze(routeReader.read(`${tenant}\u0000${id}`, doc));
        rowOf.set(route, { tenant, id });
        have.set(id, route);
      }
    }
    return (ids as number[]).map((id, i) => have.get(id) ?? fail(`routes.${i}`, `route row ${id} is not stored`));
  };

  const read = (tenant: string, row: Row | undefined): Plan | undefined => {
    if (!row) return undefined;
    const key = `${tenant}\u0000${row.version}`;
    const hit = kept.get(key);
    if (hit && hit.doc === row.doc && hit.routeIds === row.routeIds) return hit.plan;
    const doc = reader.read(key, row.doc);
    if (row.routeIds !== null && doc.routes.length > 0) {
      throw new InputError('invalid_input', [{ path: 'routes', reason: 'must be empty: the version lists its routes by row' }], `stored plan v${row.version} of ${tenant}`);
    }
    const plan = deepFreeze(row.routeIds === null ? doc : { ...doc, routes: routesOf(tenant, row.version, row.routeIds) });
    checker.remember(plan);
    texts.remember(plan);
    return keep(key, { doc: row.doc, routeIds: row.routeIds, plan });
  };

  const readVersion = (tenant: string, version: number | undefined): Plan | undefined => {
    if (version === undefined) return undefined;
    const hit = kept.get(`${tenant}\u0000${version}`);
    if (hit && sameRow.get(hit.doc, hit.routeIds, tenant, version) === 1) return hit.plan;
    return read(tenant, byVersion.get(tenant, version) as Row | undefined);
  };

  const write = db.transaction((plan: Plan) => {
    const row = maxVersion.get(plan.tenant) as { v: number | null };
    const stored = { ...plan, version: (row.v ?? 0) + 1 };
    const ids = stored.routes.map((r) => routeRow(stored.tenant, r));
    const routeIds = JSON.stringify(ids);
    const doc = texts.shell(stored);
    insert.run(stored.tenant, stored.version, stored.id, stored.createdAt, doc, routeIds);
    return { stored, ids, doc, routeIds };
  });

  return {
    /** Stores a plan as the next version for its tenant; returns it with that version. */
    save(input: unknown): Plan {
      const { stored, ids, doc, routeIds } = write(checker.parse(input));
      // A plan has no defaults or transforms: what was just validated reads back as it is (tested), so the parsed
      // copy is kept as the reads of this version will see it. It shares with the input only routes and entries
      // carried over from a stored version, which are frozen already.
      const key = `${stored.tenant}\u0000${stored.version}`;
      reader.wrote(key, doc);
      deepFreeze(stored);
      stored.routes.forEach((r, i) => rowOf.set(r, { tenant: stored.tenant, id: ids[i]! }));
      keep(key, { doc, routeIds, plan: stored });
      checker.remember(stored);
      texts.remember(stored);
      return stored;
    },
    /** The latest plan of a tenant, if any. */
    current(tenant: string): Plan | undefined {
      return readVersion(tenant, (maxVersion.get(tenant) as { v: number | null }).v ?? undefined);
    },
    /** Version `version` of the tenant's plan, if stored. */
    version(tenant: string, version: number): Plan | undefined {
      return readVersion(tenant, version);
    },
  };
}
