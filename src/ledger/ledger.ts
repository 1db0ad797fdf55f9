/** The decision log: appends entries to the hash chain in one transaction each (or one per batch), reads them back. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { canonicalJson, type Clock, DecisionEntry, NotFoundError, parseInput, toIso } from '../domain/index.ts';
import { chainHash, ENTRY_SCHEMA_VERSION, GENESIS_HASH } from './chain.ts';
import { refsOf } from './refs.ts';

/** What a caller gives to append; the log adds seq, id, at, schemaVersion and the hashes. */
export const DecisionInput = DecisionEntry.omit({ seq: true, id: true, at: true, schemaVersion: true, prevHash: true, hash: true });
export type DecisionInput = z.input<typeof DecisionInput>;

export interface Head {
  seq: number;
  hash: string;
}

interface Row {
  seq: number;
  body: string;
  prev_hash: string;
  hash: string;
}

/** An entry from its stored row. */
export function entryFromRow(row: Row): DecisionEntry {
  return { ...(JSON.parse(row.body) as Omit<DecisionEntry, 'prevHash' | 'hash'>), prevHash: row.prev_hash, hash: row.hash };
}

/** Ids are the sequence number, so a replayed day gets the same ids. */
export function decisionId(seq: number): string {
  return `dec-${String(seq).padStart(8, '0')}`;
}

/** The decision log over a Marshal database (which must have the decision-log migration). */
export function openLedger(db: Database.Database, clock: Clock) {
  const headStmt = db.prepare('SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare('INSERT INTO decision_log (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)');
  const insertRef = db.prepare('INSERT OR IGNORE INTO decision_refs (seq, ref_type, ref_id) VALUES (?, ?, ?)');
  const byId = db.prepare('SELECT seq, body, prev_hash, hash FROM decision_log WHERE id = ?');

  const head = (): Head => (headStmt.get() as Head | undefined) ?? { seq: 0, hash: GENESIS_HASH };

  function appendOne(input: DecisionInput, at: string, prev: Head): DecisionEntry {
    const valid = parseInput(DecisionInput, input, 'decision');
    const seq = prev.seq + 1;
    const unhashed = { ...valid, seq, id: decisionId(seq), at, schemaVersion: ENTRY_SCHEMA_VERSION };
    const body = canonicalJson(unhashed);
    const hash = chainHash(prev.hash, body);
    insert.run(seq, body, prev.hash, hash);
    for (const ref of refsOf(valid.proposal)) insertRef.run(seq, ref.type, ref.id);
    return { ...unhashed, prevHash: prev.hash, hash };
  }

  // IMMEDIATE takes the write lock before reading the head, so two processes never chain onto the same entry.
  const appendBatch = db.transaction((inputs: readonly DecisionInput[]) => {
    const at = toIso(clock.now());
    let prev = head();
    return inputs.map((input) => {
      const entry = appendOne(input, at, prev);
      prev = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
  });

  return {
    /** Appends one decision in its own transaction; returns it with seq, id and hashes. */
    append(input: DecisionInput): DecisionEntry {
      return appendBatch.immediate([input])[0] as DecisionEntry;
    },
    /** Appends decisions in one transaction: all or none. */
    appendMany(inputs: readonly DecisionInput[]): DecisionEntry[] {
      return appendBatch.immediate(inputs);
    },
    /** Seq and hash of the last entry (seq 0 and the genesis hash when empty). */
    head,
    get(id: string): DecisionEntry | undefined {
      const row = byId.get(id) as Row | undefined;
      return row ? entryFromRow(row) : undefined;
    },
    /** Like get, but an unknown id is an error naming it. */
    require(id: string): DecisionEntry {
      const row = byId.get(id) as Row | undefined;
      if (!row) throw new NotFoundError('decisionId', id, 'decision');
      return entryFromRow(row);
    },
  };
}

export type Ledger = ReturnType<typeof openLedger>;
