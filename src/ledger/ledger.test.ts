import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decision, proposal } from '../../test/fixtures/decisions.ts';
import { ManualClock } from '../domain/index.ts';
import { openStore } from '../store/index.ts';
import { decisionOutlines, decisionsWithOutcome, exportJsonl, formatDecision, lastDecisionWithOutcome, openLedger, queryDecisions, verifyDatabase, verifyJsonl } from './index.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);

function logWith(n: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'marshal-ledger-')), 'marshal.db');
  const store = openStore(file, { clock });
  const ledger = openLedger(store.db, clock);
  for (let i = 1; i <= n; i++) ledger.append(decision(i));
  return { file, store, ledger };
}

/** Opens the file raw with the append-only triggers dropped, as an attacker with file access would. */
function tamper(file: string, sql: string): void {
  const raw = new Database(file);
  raw.exec('DROP TRIGGER decision_log_no_update; DROP TRIGGER decision_log_no_delete; DROP TRIGGER decision_refs_no_delete;');
  raw.exec(sql);
  raw.close();
}

describe('decision log', () => {
  it('chains entries: each prevHash is the hash before, and verify reports the count and head', () => {
    const { store, ledger } = logWith(3);
    const [a, b, c] = [1, 2, 3].map((s) => ledger.require(`dec-0000000${s}`));
    expect(a!.prevHash).toBe('0'.repeat(64));
    expect(b!.prevHash).toBe(a!.hash);
    expect(c!.prevHash).toBe(b!.hash);
    expect(c).toMatchObject({ seq: 3, schemaVersion: 1, policyHash: 'f'.repeat(64), model: 'offline', at: '2026-11-23T08:00:00Z' });
    expect(verifyDatabase(store.db)).toEqual({ ok: true, count: 3, head: c!.hash });
  });

  it('the same entries always hash the same (replay gives the same head)', () => {
    expect(logWith(5).ledger.head()).toEqual(logWith(5).ledger.head());
  });

  it('refuses UPDATE and DELETE with a clear message', () => {
    const { store } = logWith(2);
    expect(() => store.db.prepare("UPDATE decision_log SET body = '{}' WHERE seq = 1").run()).toThrow(/decision_log is append-only/);
    expect(() => store.db.prepare('DELETE FROM decision_log WHERE seq = 2').run()).toThrow(/never changed or removed/);
    expect(() => store.db.prepare('DELETE FROM decision_refs').run()).toThrow(/decision_refs is append-only/);
  });

  it('a human action is a new entry pointing at the one it acts on', () => {
    const { ledger, store } = logWith(1);
    const approval = ledger.append(decision(1, { actor: 'user:dana', outcome: 'approved', level: 'L1', refersTo: 'dec-00000001', reasons: ['checked the rate'] }));
    expect(approval.refersTo).toBe('dec-00000001');
    expect(queryDecisions(store.db, { tenant: 'acme', refersTo: 'dec-00000001' }).entries.map((e) => e.id)).toEqual([approval.id]);
    expect(ledger.require('dec-00000001').outcome).toBe('executed');
  });

  it('outlines every decision of a tenant in order with the fields reports count, as the full entries have them', () => {
    const { store, ledger } = logWith(0);
    const p = (n: number, payload: Record<string, unknown>, trigger: Record<string, unknown> = { kind: 'event', eventId: `evt-${n}`, eventType: 'driver.pod.captured' }) =>
      proposal(n, { payload, trigger } as never);
    ledger.append(decision(1, { proposal: p(1, { orderId: 'o-1', shipmentId: 'shp-1' }) }));
    ledger.append(decision(2, { proposal: p(2, { shipmentId: 'shp-2' }, { kind: 'replay', actor: 'strategy:static' }), level: 'L1', outcome: 'queued' }));
    ledger.append(decision(3, { proposal: p(3, { orderId: 7, shipmentId: ['shp-3'] }) }));
    ledger.append(decision(4, { tenant: 'other' }));
    ledger.append(decision(5, { proposal: null, kind: 'route.assign', outcome: 'approved', refersTo: 'dec-00000002', actor: 'user:dana' }));
    const outlines = [...decisionOutlines(store.db, 'acme')];
    expect(outlines.map((o) => o.seq)).toEqual([1, 2, 3, 5]);
    expect(outlines).toEqual([1, 2, 3, 5].map((seq) => {
      const e = ledger.require(`dec-0000000${seq}`);
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      return {
        seq, at: e.at, agent: e.agent, kind: e.kind, level: e.level, outcome: e.outcome, orderId: str(e.proposal?.payload.orderId),
        shipmentId: str(e.proposal?.payload.shipmentId), eventType: e.proposal?.trigger.eventType,
      };
    }));
    expect(outlines[0]).toMatchObject({ orderId: 'o-1', shipmentId: 'shp-1', eventType: 'driver.pod.captured', level: 'L3' });
    expect(outlines[1]).toMatchObject({ orderId: undefined, shipmentId: 'shp-2', eventType: undefined, level: 'L1', outcome: 'queued' });
    expect(outlines[2]).toMatchObject({ orderId: undefined, shipmentId: undefined });
  });

  it('finds decisions by outcome past a page of 1000, and the newest one alone, by a ref or by columns', () => {
    const { store, ledger } = logWith(0);
    // shp-1 is the target of every entry; outcomes cycle so that the standing ones are spread past the first page.
    const outcomes = ['executed', 'refused', 'queued', 'failed'] as const;
    ledger.appendMany(Array.from({ length: 2101 }, (_, i) => decision(1, { outcome: outcomes[i % 4]!, reasons: [`n${i + 1}`] })));
    const standing = decisionsWithOutcome(store.db, { tenant: 'acme', shipmentId: 'shp-1' }, ['executed', 'queued']);
    expect(standing.length).toBe(1051);
    expect(standing.every((e) => e.outcome === 'executed' || e.outcome === 'queued')).toBe(true);
    expect(standing.map((e) => e.seq)).toEqual([...standing.map((e) => e.seq)].sort((a, b) => a - b));
    expect(standing.at(-1)!.seq).toBe(2101);
    expect(decisionsWithOutcome(store.db, { tenant: 'acme', agent: 'carrier' }, ['failed']).length).toBe(525);
    expect(lastDecisionWithOutcome(store.db, { tenant: 'acme', shipmentId: 'shp-1' }, ['queued'])!.seq).toBe(2099);
    expect(lastDecisionWithOutcome(store.db, { tenant: 'acme', agent: 'carrier' }, ['refused', 'failed'])!.seq).toBe(2100);
    expect(lastDecisionWithOutcome(store.db, { tenant: 'acme', shipmentId: 'shp-2' }, ['executed'])).toBeUndefined();
    expect(lastDecisionWithOutcome(store.db, { tenant: 'acme' }, [])).toBeUndefined();
    expect(() => lastDecisionWithOutcome(store.db, { tenant: '' }, ['executed'])).toThrow(/tenant/);
  });

  it('refuses a malformed decision naming the field, and appends nothing', () => {
    const { ledger } = logWith(1);
    expect(() => ledger.append(decision(2, { kind: 'truck.fly' as never }))).toThrow(/kind: Invalid option/);
    expect(() => ledger.appendMany([decision(2), decision(3, { outcome: 'maybe' as never })])).toThrow(/outcome/);
    expect(ledger.head().seq).toBe(1);
  });

  it('a batch that fails after validation appends nothing, and the next append chains on the head', () => {
    const { ledger, store } = logWith(1);
    const unhashable = decision(3, { proposal: proposal(3, { payload: { ratio: Number.NaN } }) });
    expect(() => ledger.appendMany([decision(2), unhashable])).toThrow(/NaN/);
    expect(ledger.head().seq).toBe(1);
    ledger.appendMany([decision(2), decision(3)]);
    expect(verifyDatabase(store.db)).toMatchObject({ ok: true, count: 3 });
  });

  it('finds decisions by order, shipment, vehicle, event, agent, kind, outcome and time, with paging', () => {
    const { store, ledger } = logWith(6);
    ledger.append(decision(7, { outcome: 'queued', level: 'L1' }));
    const ids = (q: object) => queryDecisions(store.db, { tenant: 'acme', ...q }).entries.map((e) => e.seq);
    expect(ids({ orderId: 'o-3' })).toEqual([3]);
    expect(ids({ shipmentId: 'shp-4' })).toEqual([4]);
    expect(ids({ vehicleId: 'v1' })).toEqual([1, 3, 5, 7]);
    expect(ids({ eventId: 'evt-2' })).toEqual([2]);
    expect(ids({ correlationId: 'shp-5' })).toEqual([5]);
    expect(ids({ outcome: 'queued' })).toEqual([7]);
    expect(ids({ agent: 'carrier', kind: 'carrier.tender', from: '2026-11-23T08:00:00Z', to: '2026-11-23T08:00:00Z' })).toHaveLength(7);
    expect(ids({ from: '2026-11-23T09:00:00Z' })).toEqual([]);
    expect(ids({ tenant: 'globex' })).toEqual([]);
    const page = queryDecisions(store.db, { tenant: 'acme', limit: 4 });
    expect(page.nextAfterSeq).toBe(4);
    expect(ids({ afterSeq: page.nextAfterSeq, limit: 4 })).toEqual([5, 6, 7]);
    expect(() => queryDecisions(store.db, { tenant: 'acme', outcome: 'lost' as never })).toThrow(/outcome/);
  });

  it('shows a decision as a person reads it', () => {
    const { ledger } = logWith(1);
    const text = formatDecision(ledger.require('dec-00000001'));
    for (const part of ['carrier.tender on carrier shipment shp-1', 'proposed by the carrier agent; L3, executed', 'event evt-1', 'SlowCo at 3300 — rejected', 'window 10:00–12:00', 'within policy bounds']) {
      expect(text).toContain(part);
    }
  });
});

describe('tamper evidence', () => {
  it('a changed byte in a stored entry is named', () => {
    const { file } = logWith(5);
    tamper(file, "UPDATE decision_log SET body = replace(body, 'FastCo', 'FastC0') WHERE seq = 3");
    const result = verifyDatabase(new Database(file));
    expect(result).toMatchObject({ ok: false, count: 2, broken: { seq: 3, id: 'dec-00000003', problem: 'hash_mismatch' } });
  });

  it('a deleted row is named as a gap', () => {
    const { file } = logWith(5);
    tamper(file, 'DELETE FROM decision_refs WHERE seq = 2; DELETE FROM decision_log WHERE seq = 2');
    expect(verifyDatabase(new Database(file))).toMatchObject({ ok: false, count: 1, broken: { seq: 3, problem: 'sequence_gap' } });
  });

  it('reordered rows are named', () => {
    const { file } = logWith(5);
    tamper(file, 'PRAGMA foreign_keys = OFF; UPDATE decision_log SET seq = 100 WHERE seq = 2; UPDATE decision_log SET seq = 2 WHERE seq = 4; UPDATE decision_log SET seq = 4 WHERE seq = 100;');
    expect(verifyDatabase(new Database(file))).toMatchObject({ ok: false, count: 1, broken: { seq: 2, problem: 'seq_mismatch' } });
  });

  it('a rewritten chain tail with a forged prevHash is named as a broken link', () => {
    const { file } = logWith(3);
    tamper(file, "UPDATE decision_log SET prev_hash = '" + 'a'.repeat(64) + "' WHERE seq = 2");
    expect(verifyDatabase(new Database(file))).toMatchObject({ ok: false, broken: { seq: 2, problem: 'broken_link' } });
  });

  it('a JSONL export verifies alone, and an edited, dropped or reordered line is named', () => {
    const { store } = logWith(4);
    const lines: string[] = [];
    expect(exportJsonl(store.db, (l) => lines.push(l))).toBe(4);
    const file = join(mkdtempSync(join(tmpdir(), 'marshal-export-')), 'log.jsonl');
    writeFileSync(file, lines.join(''));
    const read = () => readFileSync(file, 'utf8').split('\n');
    expect(verifyJsonl(read())).toMatchObject({ ok: true, count: 4, head: store.db.prepare('SELECT hash FROM decision_log WHERE seq = 4').pluck().get() });

    const edited = [...lines];
    edited[2] = edited[2]!.replace('"ordersAffected":1', '"ordersAffected":2');
    expect(verifyJsonl(edited.join('').split('\n'))).toMatchObject({ ok: false, broken: { where: 'line 3', problem: 'hash_mismatch' } });
    const dropped = lines.filter((_, i) => i !== 1);
    expect(verifyJsonl(dropped.join('').split('\n'))).toMatchObject({ ok: false, broken: { where: 'line 2', problem: 'sequence_gap' } });
    const swapped = [lines[0], lines[2], lines[1], lines[3]];
    expect(verifyJsonl(swapped.join('').split('\n'))).toMatchObject({ ok: false, broken: { seq: 3, problem: 'sequence_gap' } });
    expect(verifyJsonl(['{"seq":1', ''])).toMatchObject({ ok: false, broken: { where: 'line 1', problem: 'bad_entry' } });
  });
});
