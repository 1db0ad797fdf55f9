/** Exports the decision log as JSONL: one entry per line with its prevHash and hash, checkable without the database. */
import type Database from 'better-sqlite3';
import { entryFromRow } from './ledger.ts';

/** Writes every entry (or a tenant's, in which case the export is a listing, not a verifiable chain) through `write`. */
export function exportJsonl(db: Database.Database, write: (line: string) => void): number {
  const rows = db.prepare('SELECT seq, body, prev_hash, hash FROM decision_log ORDER BY seq').iterate() as IterableIterator<{
    seq: number;
    body: string;
    prev_hash: string;
    hash: string;
  }>;
  let n = 0;
  for (const row of rows) {
    write(`${JSON.stringify(entryFromRow(row))}\n`);
    n += 1;
  }
  return n;
}
