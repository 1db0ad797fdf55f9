import Database from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decision } from '../../test/fixtures/decisions.ts';
import { ManualClock } from '../domain/index.ts';
import { openStore } from '../store/index.ts';
import { openLedger, verifyDatabase, verifyFile } from './index.ts';
import { COUNTER_SLOTS, joinChunks, verifyChunks } from './verify-chunks.ts';

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

const parallel = (file: string, threads = 2) => verifyFile(file, { threads, parallelFrom: 0 });
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
    ['rows swapped across a seam', 'UPDATE decision_log SET seq = 100 WHERE seq = 16; UPDATE decision_log SET seq = 16 WHERE seq = 21; UPDATE decision_log SET seq = 21 WHERE seq = 100'],
    ['the first row deleted', 'DELETE FROM decision_log WHERE seq = 1'],
    ['the last rows deleted', 'DELETE FROM decision_log WHERE seq >= 29'],
    ['a row moved below seq 1', 'UPDATE decision_log SET seq = -1 WHERE seq = 5'],
  ])('names the same first broken entry as the single walk: %s', async (_name, sql) => {
    const file = logOf(30);
    tamper(file, sql);
    const expected = single(file);
    for (const threads of [2, 3]) {
      const got = await parallel(file, threads);
      if (expected.ok) expect(got).toEqual(expected);
      else expect(got).toMatchObject({ ok: false, count: expected.count, broken: { seq: expected.broken.seq, id: expected.broken.id, problem: expected.broken.problem } });
    }
  });
});

describe('chunked walk (in one thread)', () => {
  const ops = [
    (s: number) => `DELETE FROM decision_log WHERE seq = ${s}`,
    (s: number) => `DELETE FROM decision_log WHERE seq >= ${s}`,
    (s: number) => `UPDATE decision_log SET body = replace(body, 'FastCo', 'F') WHERE seq = ${s}`,
    (s: number) => `UPDATE decision_log SET prev_hash = '${'c'.repeat(64)}' WHERE seq = ${s}`,
    (s: number) => `UPDATE decision_log SET seq = 100 WHERE seq = ${s}; UPDATE decision_log SET seq = ${s} WHERE seq = ${s + 1}; UPDATE decision_log SET seq = ${s + 1} WHERE seq = 100`,
  ];

  it('names the same first broken entry as one walk, for any chunk size and tampering', () => {
    const intact = logOf(12);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 13 }), fc.array(fc.tuple(fc.integer({ min: 0, max: ops.length - 1 }), fc.integer({ min: 1, max: 11 })), { maxLength: 2 }), (size, edits) => {
        const file = join(mkdtempSync(join(tmpdir(), 'marshal-vc-')), 'marshal.db');
        copyFileSync(intact, file);
        tamper(file, edits.map(([op, seq]) => ops[op]!(seq)).join(';'));
        const db = new Database(file, { readonly: true });
        const max = db.prepare('SELECT coalesce(max(seq), 0) FROM decision_log').pluck().get() as number;
        const chunks = verifyChunks(db, { max, size }, new Int32Array(COUNTER_SLOTS));
        const got = joinChunks(chunks);
        const expected = verifyDatabase(db);
        db.close();
        if (expected.ok) expect(got).toEqual(expected);
        else expect(got).toMatchObject({ ok: false, count: expected.count, broken: { seq: expected.broken.seq, problem: expected.broken.problem } });
      }),
      { numRuns: 150 },
    );
  });
});
