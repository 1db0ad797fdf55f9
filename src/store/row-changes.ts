/**
 * Which rows of a table were written since the last look, for a reader that keeps what it read in memory. Temporary
 * triggers note the key of each row inserted, updated or deleted on this connection (raw SQL included); a write by
 * another connection shows in SQLite's data_version, and then everything must be read again.
 */
import type { Db } from './sqlite.ts';

export interface RowKey {
  tenant: string;
  id: string;
}

/** What a look finds: the keys written since the last one, everything (`all`), or nothing to trust yet (`unsettled`). */
export type Changes = { kind: 'rows'; keys: RowKey[] } | { kind: 'all' } | { kind: 'unsettled' };

/**
 * A watcher of `table` (keyed by tenant and id) for one reader, `name`. Inside a transaction a look is `unsettled`:
 * what it would see may yet roll back (the notes with it), so the reader reads SQLite itself and keeps nothing.
 */
export function rowChanges(db: Db, table: string, name: string): () => Changes {
  const notes = `temp.${table}_writes_${name}`;
  let look: (() => RowKey[]) | undefined;
  let dataVersion = -1;
  const prepare = () => {
    // AUTOINCREMENT: the notes read are dropped, and a plain rowid would count again from the highest one left.
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${table}_writes_${name} (seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, id TEXT NOT NULL)`);
    for (const [write, row] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']] as const) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${table}_writes_${name}_${write.toLowerCase()} AFTER ${write} ON main.${table}
        BEGIN INSERT INTO ${notes} (tenant, id) VALUES (${row}.tenant, ${row}.id); END`);
    }
    // An update that changes a row's key leaves its old key behind as well.
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${table}_writes_${name}_rekey AFTER UPDATE OF tenant, id ON main.${table}
      BEGIN INSERT INTO ${notes} (tenant, id) VALUES (OLD.tenant, OLD.id); END`);
    const read = db.prepare(`SELECT seq, tenant, id FROM ${notes} ORDER BY seq`);
    const drop = db.prepare(`DELETE FROM ${notes} WHERE seq <= ?`);
    return () => {
      const rows = read.all() as (RowKey & { seq: number })[];
      if (rows.length > 0) drop.run(rows[rows.length - 1]!.seq);
      return rows;
    };
  };
  const version = db.prepare('PRAGMA data_version').pluck();
  return () => {
    if (db.inTransaction) return { kind: 'unsettled' };
    const first = look === undefined;
    look ??= prepare();
    const keys = look();
    // Dropping the notes is a write of this connection, which data_version does not count.
    const v = version.get() as number;
    if (first || v !== dataVersion) {
      dataVersion = v;
      return { kind: 'all' };
    }
    return { kind: 'rows', keys };
  };
}

/** A table a kept view follows: its watcher, and how one written row of it updates a tenant's view. */
export interface Followed<V> {
  changes: () => Changes;
  update: (view: V, tenant: string, id: string) => void;
}

/**
 * Views kept per tenant, brought up to date at each look from the rows written since the last one. A look inside a
 * transaction reads a view afresh and keeps nothing; a write by another connection drops every view, to be read again.
 */
export function keptViews<V>(read: (tenant: string) => V, tables: readonly Followed<V>[]): (tenant: string) => V {
  let views = new Map<string, V>();
  return (tenant) => {
    const looks = tables.map((t) => t.changes());
    if (looks.some((c) => c.kind === 'unsettled')) return read(tenant);
    if (looks.some((c) => c.kind === 'all')) views = new Map();
    else {
      looks.forEach((c, i) => {
        if (c.kind !== 'rows') return;
        for (const { tenant: t, id } of c.keys) {
          const view = views.get(t);
          if (view !== undefined) tables[i]!.update(view, t, id);
        }
      });
    }
    let view = views.get(tenant);
    if (view === undefined) views.set(tenant, (view = read(tenant)));
    return view;
  };
}
