import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decision } from '../../test/fixtures/decisions.ts';
import { canonicalJson, ManualClock, parseInput } from '../domain/index.ts';
import { openDatabase, openStore, STORE_MIGRATIONS } from '../store/index.ts';
import { chainHash, DecisionInput, decisionId, GENESIS_HASH, openLedger, queryDecisions, verifyDatabase } from './index.ts';
import { refsOf } from './refs.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
const COLUMNS = ['id', 'at', 'tenant', 'event_id', 'correlation_id', 'agent', 'kind', 'outcome', 'refers_to', 'proposal_id'];
const PATHS = ['$.id', '$.at', '$.tenant', '$.eventId', '$.correlationId', '$.agent', '$.kind', '$.outcome', '$.refersTo', '$.proposal.id'];

/** A database at schema 9 holding `n` entries written the way the ledger wrote them before migration 10. */
function version9Log(n: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'marshal-m10-')), 'marshal.db');
  // The bare database at schema 9: today's store repositories expect columns of later migrations.
  const db = openDatabase(file, STORE_MIGRATIONS.slice(0, 9), 'Marshal store');
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const over = seq === n ? { outcome: 'approved' as const, level: 'L1' as const, actor: 'user:dana', refersTo: decisionId(1) } : {};
    const valid = parseInput(DecisionInput, decision(seq, over));
    const body = canonicalJson({ ...valid, seq, id: decisionId(seq), at: '2026-11-23T08:00:00Z', schemaVersion: 1 });
    const hash = chainHash(prev, body);
    db.prepare('INSERT INTO decision_log (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)').run(seq, body, prev, hash);
    for (const ref of refsOf(valid.proposal)) db.prepare('INSERT INTO decision_refs (seq, ref_type, ref_id) VALUES (?, ?, ?)').run(seq, ref.type, ref.id);
    prev = hash;
  }
  db.close();
  return file;
}

describe('migration 10: plain decision_log columns', () => {
  it('keeps every row, ref, hash and query of a version-9 log, and the chain goes on', () => {
    const file = version9Log(6);
    const before = new Database(file, { readonly: true });
    const oldRows = before.prepare(`SELECT seq, body, prev_hash, hash, ${COLUMNS.join(', ')} FROM decision_log ORDER BY seq`).all();
    const oldRefs = before.prepare('SELECT seq, ref_type, ref_id FROM decision_refs ORDER BY seq, ref_type, ref_id').all();
    before.close();

    const store = openStore(file, { clock });
    expect(store.db.pragma('user_version', { simple: true })).toBe(STORE_MIGRATIONS.length);
    expect(store.db.prepare(`SELECT seq, body, prev_hash, hash, ${COLUMNS.join(', ')} FROM decision_log ORDER BY seq`).all()).toEqual(oldRows);
    expect(store.db.prepare('SELECT seq, ref_type, ref_id FROM decision_refs ORDER BY seq, ref_type, ref_id').all()).toEqual(oldRefs);
    expect(verifyDatabase(store.db)).toMatchObject({ ok: true, count: 6 });

    const ledger = openLedger(store.db, clock);
    const next = ledger.append(decision(7));
    expect(next.prevHash).toBe((oldRows[5] as { hash: string }).hash);
    expect(verifyDatabase(store.db)).toEqual({ ok: true, count: 7, head: next.hash });
    const seqs = (q: object) => queryDecisions(store.db, { tenant: 'acme', ...q }).entries.map((e) => e.seq);
    expect(seqs({ orderId: 'o-3' })).toEqual([3]);
    expect(seqs({ eventId: 'evt-7' })).toEqual([7]);
    expect(seqs({ refersTo: decisionId(1) })).toEqual([6]);
    expect(seqs({ vehicleId: 'v1' })).toEqual([1, 3, 5, 7]);
    store.close();
  });

  it('keeps the append-only triggers and the outbox check', () => {
    const store = openStore(version9Log(2), { clock });
    expect(() => store.db.prepare("UPDATE decision_log SET outcome = 'queued' WHERE seq = 1").run()).toThrow(/decision_log is append-only/);
    expect(() => store.db.prepare('DELETE FROM decision_log WHERE seq = 1').run()).toThrow(/never changed or removed/);
    expect(() => store.db.prepare("UPDATE decision_refs SET ref_id = 'x'").run()).toThrow(/decision_refs is append-only/);
    expect(() => store.db.prepare('DELETE FROM decision_refs').run()).toThrow(/decision_refs is append-only/);
    const outbox = store.db.prepare(`INSERT INTO outbox (id, tenant, decision_id, kind, action, status, next_attempt_at, created_at)
      VALUES (?, 'acme', ?, ?, '{}', 'pending', '2026-11-23T08:00:00Z', '2026-11-23T08:00:00Z')`);
    expect(() => outbox.run('ob-1', decisionId(99), 'carrier.tender')).toThrow(/outbox: an action needs a decision/);
    expect(() => outbox.run('ob-1', decisionId(1), 'order.release')).toThrow(/outbox: an action needs a decision/);
    expect(() => outbox.run('ob-2', decisionId(1), 'carrier.tender')).not.toThrow();
    store.close();
  });

  it('the ledger writes each column as the body says, and the body as text', () => {
    const store = openStore(':memory:', { clock });
    const ledger = openLedger(store.db, clock);
    ledger.appendMany([decision(1), decision(2, { refersTo: decisionId(1), outcome: 'overridden', eventId: null, correlationId: null }), decision(3, { proposal: null, agent: 'human' })]);
    const disagree = store.db
      .prepare(`SELECT seq FROM decision_log WHERE typeof(body) != 'text' OR ${COLUMNS.map((c, i) => `${c} IS NOT json_extract(body, '${PATHS[i]}')`).join(' OR ')}`)
      .all();
    expect(disagree).toEqual([]);
    store.close();
  });
});
