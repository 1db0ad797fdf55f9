/** Opens a SQLite file the way Marshal always does: WAL, foreign keys, numbered migrations, schema-version check. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MarshalError } from '../domain/index.ts';

export type Db = Database.Database;

/** One schema step; `version` numbers start at 1 and have no gaps. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** A database whose schema is newer than this build understands. */
export class SchemaTooNewError extends MarshalError {
  constructor(file: string, found: number, known: number, what: string) {
    super(
      'schema_too_new',
      'input',
      `${file}: the ${what} database has schema version ${found}, but this Marshal knows versions up to ${known}; ` +
        'upgrade Marshal or open another file',
    );
  }
}

/** Opens (creating if needed) `file`, or `:memory:`, and brings it to the latest migration in one transaction. */
export function openDatabase(file: string, migrations: readonly Migration[], what: string): Db {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${what} migrations must be numbered 1..n without gaps (at ${m.name})`);
  });
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // WAL: a commit survives a crash of the process; a power cut may lose the last commits, never the file's integrity.
    db.pragma('synchronous = NORMAL');
    // Checkpoint every 40 MB of WAL instead of SQLite's 4 MB: each checkpoint syncs both files, and appends that
    // dirty the same index pages again copy them once per checkpoint (decision log appends, issue 4).
    db.pragma('wal_autocheckpoint = 10000');
    migrate(db, file, migrations, what);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, file: string, migrations: readonly Migration[], what: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const known = migrations.length;
  if (current > known) throw new SchemaTooNewError(file, current, known, what);
  const pending = migrations.slice(current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}
