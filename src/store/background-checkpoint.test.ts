import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decision } from '../../test/fixtures/decisions.ts';
import { ManualClock } from '../domain/index.ts';
import { openLedger, verifyDatabase } from '../ledger/index.ts';
import { openStore } from './store.ts';

const until = async (ok: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('background WAL checkpoints', () => {
  it('copy the log into the database file while appends go on, and the log still verifies after reopening', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'marshal-ckpt-')), 'marshal.db');
    const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
    const store = openStore(file, { clock, backgroundCheckpoint: { intervalMs: 10, minBytes: 256 * 1024 } });
    const ledger = openLedger(store.db, clock);
    const before = statSync(file).size;
    const inputs = Array.from({ length: 200 }, (_, i) => decision(i + 1));
    for (let i = 0; i < 10; i++) ledger.appendMany(inputs);
    // The writers' own checkpoint is only a backstop far above this: any growth of the file is the worker's copying.
    await until(() => store.checkpointer!.checkpoints > 0 && statSync(file).size > before + 1024 * 1024);
    expect(store.checkpointer!.lastError).toBeUndefined();
    const head = ledger.head();
    store.close();
    await store.checkpointer!.stop();
    const again = openStore(file, { clock });
    expect(verifyDatabase(again.db)).toMatchObject({ ok: true, count: 2000, head: head.hash });
    again.close();
  });
});
