/** A table of zod-validated JSON documents keyed by (tenant, id), with a few indexed columns to filter on. */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { type Clock, InputError, NotFoundError, parseInput, toIso } from '../domain/index.ts';
import type { Db } from './sqlite.ts';
import { validatedReader } from './validated-read.ts';

type Column = string | number | null;
type DocRow = { tenant: string; id: string; doc: string };

export interface DocTableSpec<S extends z.ZodType<{ id: string; tenant: string }>> {
  table: string;
  /** What one row is, for messages: `order`, `vehicle`. */
  what: string;
  schema: S;
  /** Indexed columns derived from the document; their names are the filters `list` accepts. */
  columns: Record<string, (doc: z.output<S>) => Column>;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` to get the next page; absent on the last page. */
  next?: string;
}

export interface ListOptions {
  where?: Record<string, Column | undefined>;
  /** Columns a row's value must be below; a row without a value is kept, for the caller to judge. */
  below?: Record<string, number | undefined>;
  limit?: number | undefined;
  after?: string | undefined;
}

export interface DocTable<T> {
  /** Inserts or replaces a document after validating it; returns the stored document. */
  put(doc: unknown): T;
  get(tenant: string, id: string): T | undefined;
  /** Like `get`, but an unknown id is an error naming the field. */
  require(tenant: string, id: string): T;
  list(tenant: string, options?: ListOptions): Page<T>;
  count(tenant: string, where?: Record<string, Column | undefined>): number;
}

export const MAX_PAGE = 1000;

/** Builds the repository for one document table. */
export function docTable<S extends z.ZodType<{ id: string; tenant: string }>>(
  db: Db,
  clock: Clock,
  spec: DocTableSpec<S>,
): DocTable<z.output<S>> {
  type T = z.output<S>;
  const reader = validatedReader(spec.schema, `stored ${spec.what}`);
  const read = (row: { id: string; tenant: string; doc: string } | undefined): T | undefined =>
    row ? reader.read(`${row.tenant}\u0000${row.id}`, row.doc) : undefined;
  // Filters combine into a handful of distinct queries: each is prepared once.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const columnNames = Object.keys(spec.columns);
  const allowed = new Set(columnNames);
  const names = ['tenant', 'id', ...columnNames, 'doc', 'updated_at'];
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO ${spec.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  const get = db.prepare(`SELECT tenant, id, doc FROM ${spec.table} WHERE tenant = ? AND id = ?`);
  const tenantExists = db.prepare('SELECT 1 FROM tenants WHERE id = ?');

  function whereSql(where: ListOptions['where'], below: ListOptions['below'] = {}): { sql: string; params: Column[] } {
    const parts: string[] = [];
    const params: Column[] = [];
    const filter = (key: string, value: Column | undefined, sql: string) => {
      if (value === undefined) return;
      if (!allowed.has(key)) throw new InputError('bad_filter', [{ path: key, reason: `not a filter of ${spec.what}s` }]);
      parts.push(sql);
      params.push(value);
    };
    for (const [key, value] of Object.entries(where ?? {})) filter(key, value, `${key} = ?`);
    for (const [key, value] of Object.entries(below)) filter(key, value, `(${key} IS NULL OR ${key} < ?)`);
    return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
  }

  return {
    put(input) {
      const doc = parseInput(spec.schema, input, spec.what);
      if (!tenantExists.get(doc.tenant)) throw new NotFoundError('tenant', doc.tenant);
      const cols = Object.values(spec.columns).map((f) => f(doc));
      upsert.run(doc.tenant, doc.id, ...cols, JSON.stringify(doc), toIso(clock.now()));
      return doc;
    },
    get: (tenant, id) => read(get.get(tenant, id) as DocRow | undefined),
    require(tenant, id) {
      const doc = read(get.get(tenant, id) as DocRow | undefined);
      if (!doc) throw new NotFoundError(`${spec.what}Id`, id, spec.what);
      return doc;
    },
    list(tenant, options = {}) {
      const limit = options.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
        throw new InputError('bad_limit', [{ path: 'limit', reason: `must be a whole number from 1 to ${MAX_PAGE}` }]);
      }
      const w = whereSql(options.where, options.below);
      const after = options.after === undefined ? '' : ' AND id > ?';
      const params = [tenant, ...w.params, ...(options.after === undefined ? [] : [options.after]), limit + 1];
      const rows = prepared(`SELECT tenant, id, doc FROM ${spec.table} WHERE tenant = ?${w.sql}${after} ORDER BY id LIMIT ?`)
        .all(...params) as DocRow[];
      const items = rows.slice(0, limit).map((r) => read(r) as T);
      const last = items[items.length - 1];
      return rows.length > limit && last ? { items, next: last.id } : { items };
    },
    count(tenant, where) {
      const w = whereSql(where);
      const row = prepared(`SELECT count(*) AS n FROM ${spec.table} WHERE tenant = ?${w.sql}`).get(tenant, ...w.params);
      return (row as { n: number }).n;
    },
  };
}

/** Every document of a table matching `where`, page by page. */
export function listAll<T>(table: DocTable<T>, tenant: string, where?: ListOptions['where']): T[] {
  const out: T[] = [];
  let after: string | undefined;
  do {
    const page = table.list(tenant, { ...(where ? { where } : {}), limit: MAX_PAGE, after });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}
