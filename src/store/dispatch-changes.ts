/**
 * A token that changes whenever a shipment or an ETA is written, by this connection (counted by temporary triggers,
 * raw SQL included) or by another one (SQLite's data_version). Work derived from the dispatch state, such as a plan
 * applied to it, stays valid while the token is the same.
 */
import type { Db } from './sqlite.ts';

const TABLES = ['shipments', 'etas'] as const;
const WRITES = ['INSERT', 'UPDATE', 'DELETE'] as const;

/** The change token reader for `db`; its triggers live in the connection's temporary schema and go with it. */
export function dispatchChanges(db: Db): () => string {
  let count: (() => number) | undefined;
  const prepare = () => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS dispatch_changes (n INTEGER NOT NULL)');
    if (db.prepare('SELECT count(*) FROM temp.dispatch_changes').pluck().get() === 0) db.exec('INSERT INTO temp.dispatch_changes (n) VALUES (0)');
    for (const table of TABLES) {
      for (const write of WRITES) {
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS dispatch_changes_${table}_${write.toLowerCase()} AFTER ${write} ON main.${table}
          BEGIN UPDATE temp.dispatch_changes SET n = n + 1; END`);
      }
    }
    const read = db.prepare('SELECT n FROM temp.dispatch_changes').pluck();
    return () => read.get() as number;
  };
  const version = db.prepare('PRAGMA data_version').pluck();
  // Created on first use: a store that never asks (a read-only tool) never writes its temporary schema.
  return () => {
    count ??= prepare();
    return `${version.get() as number}:${count()}`;
  };
}
