import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decision } from '../../test/fixtures/decisions.ts';
import { ManualClock } from '../domain/index.ts';
import { openStore } from '../store/index.ts';
import { openLedger, verifyDatabase, verifyFile } from './index.ts';

function logOf(n: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'marshal-vp-')), 'marshal.db');
  const clock = new ManualClock(1_795_000_000);
  const store = openStore(file, { clock });
  openLedger(store.db, clock).appendMany(Array.from({ length: n }, (_, i) => decision(i + 1)));
  store.close();
  return file;
}

function tamper(file: string, sql: string): void {
  const raw = new Database(file);
  raw.exec('PRAGMA foreign_keys = OFF; DROP TRIGGER decision_log_no_update; DROP TRIGGER decision_log_no_delete;');
  raw.exec(sql);
  raw.close();
}

const parallel = (file: string) => verifyFile(file, { workers: 2, parallelFrom: 0 });
const single = (file: string) => {
  const db = new Database(file, { readonly: true });
  const r = verifyDatabase(db);
  db.close();
  return r;
};

describe('parallel verify', () => {
  it('agrees with the single-threaded walk on an intact log', async () => {
    const file = logOf(30);
    expect(await parallel(file)).toEqual(single(file));
    expect((await parallel(file)).ok).toBe(true);
  });

  it.each([
    ['an edited body in the last range', "UPDATE decision_log SET body = replace(body, 'FastCo', 'F') WHERE seq = 25"],
    ['a deleted row at the seam', 'DELETE FROM decision_log WHERE seq = 16'],
    ['a forged prevHash at the seam', `UPDATE decision_log SET prev_hash = '${'b'.repeat(64)}' WHERE seq = 16`],
    ['a row deleted before the seam', 'DELETE FROM decision_log WHERE seq = 15'],
  ])('names the same first broken entry as the single walk: %s', async (_name, sql) => {
    const file = logOf(30);
    tamper(file, sql);
    const expected = single(file);
    expect(expected.ok).toBe(false);
    const got = await parallel(file);
    expect(got.ok).toBe(false);
    if (!got.ok && !expected.ok) {
      expect(got.count).toBe(expected.count);
      expect(got.broken.seq).toBe(expected.broken.seq);
    }
  });
});
