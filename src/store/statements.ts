/**
 * Prepared statements kept per connection. Preparing a statement costs more than running one of the short queries on
 * the event path, and SQLite keeps a prepared statement valid across schema changes (it re-prepares itself).
 */
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** `db.prepare(sql)`, prepared once per connection; a statement still iterating elsewhere is not shared. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const known = cache.get(sql);
  if (known === undefined) {
    const fresh = db.prepare(sql);
    cache.set(sql, fresh);
    return fresh;
  }
  if (known.busy) return db.prepare(sql);
  // A caller may have switched it to pluck, raw or expand: the next one gets plain rows unless it asks again.
  if (known.reader) known.pluck(false).raw(false).expand(false);
  return known;
}

/**
 * The connection as a library sees it, with `prepare` going through the cache: for code we do not own (the LangGraph
 * checkpointer) that prepares the same few statements on every call.
 */
export function withStatementCache(db: Database.Database): Database.Database {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => statement(target, sql);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
