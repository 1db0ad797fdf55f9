import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/index.ts';
import { openLedger, verifyDatabase } from '../src/ledger/index.ts';
import { openStore } from '../src/store/index.ts';
import { decision } from './fixtures/decisions.ts';

const child = new URL('./fixtures/append-forever.ts', import.meta.url).pathname;

function count(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM decision_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('decision log under a crash', () => {
  it('a process killed mid-append leaves a log that verifies', async () => {
    for (const waitFor of [50, 400]) {
      const file = join(mkdtempSync(join(tmpdir(), 'marshal-crash-')), 'marshal.db');
      const proc = spawn(process.execPath, ['--import', 'tsx', child, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        proc.stdout.once('data', () => resolve());
        proc.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      while (count(file) < waitFor) await new Promise((r) => setTimeout(r, 5));
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
      const db = new Database(file);
      const result = verifyDatabase(db);
      const rows = db.prepare('SELECT count(*) FROM decision_log').pluck().get() as number;
      // A batch is one transaction: its entries and their refs are all there, or none are.
      const lastWithRefs = db.prepare('SELECT max(seq) FROM decision_refs').pluck().get() as number;
      db.close();
      expect(result.ok).toBe(true);
      expect(result.count).toBe(rows);
      expect(rows).toBeGreaterThanOrEqual(waitFor);
      expect(lastWithRefs).toBe(rows);

      // The log goes on from where the killed process left it.
      const clock = new ManualClock(Date.parse('2026-11-23T09:00:00Z') / 1000);
      const store = openStore(file, { clock });
      const next = openLedger(store.db, clock).appendMany([decision(1), decision(2)]);
      expect(next[0]).toMatchObject({ seq: rows + 1, prevHash: result.ok ? result.head : '' });
      expect(verifyDatabase(store.db)).toMatchObject({ ok: true, count: rows + 2 });
      store.close();
    }
  });
});
