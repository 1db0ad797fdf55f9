/** The decision log: appends entries to the hash chain in one transaction each (or one per batch), reads them back. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { canonicalJson, type Clock, DecisionEntry, NotFoundError, parseInput, toIso } from '../domain/index.ts';
import { chainHash, ENTRY_SCHEMA_VERSION, GENESIS_HASH } from './chain.ts';
import { refsOf } from './refs.ts';
import { rowInserter } from './rows.ts';

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

type ValidInput = z.output<typeof DecisionInput>;

const ENTRY_COLUMNS = ['seq', 'id', 'at', 'tenant', 'event_id', 'correlation_id', 'agent', 'kind', 'outcome', 'refers_to', 'proposal_id', 'body', 'prev_hash', 'hash'];

/** The decision log over a Marshal database (which must have the decision-log migrations). */
export function openLedger(db: Database.Database, clock: Clock) {
  const headStmt = db.prepare('SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1');
  // The columns come from the same validated object as the hashed body; CAST stores the UTF-8 bytes already
  // hashed as TEXT, so the body is encoded once.
  const insertEntries = rowInserter(db, 'decision_log', ENTRY_COLUMNS, `(${ENTRY_COLUMNS.map((c) => (c === 'body' ? 'CAST(? AS TEXT)' : '?')).join(', ')})`, 32);
  const insertRefs = rowInserter(db, 'decision_refs', ['seq', 'ref_type', 'ref_id'], '(?, ?, ?)', 64);
  const byId = db.prepare('SELECT seq, body, prev_hash, hash FROM decision_log WHERE id = ?');

  const head = (): Head => (headStmt.get() as Head | undefined) ?? { seq: 0, hash: GENESIS_HASH };

  /** Chains one entry onto `prev`; pushes its row and its refs' rows onto the batch's lists. */
  function appendOne(valid: ValidInput, at: string, prev: Head, rows: unknown[], refs: unknown[]): DecisionEntry {
    const seq = prev.seq + 1;
    const id = decisionId(seq);
    // Object.assign, not spread: spreading an object and adding keys takes V8's slow clone path (~10x slower here).
    const unhashed: Omit<DecisionEntry, 'prevHash' | 'hash'> = Object.assign({}, valid, { seq, id, at, schemaVersion: ENTRY_SCHEMA_VERSION });
    const body = Buffer.from(canonicalJson(unhashed), 'utf8');
    const hash = chainHash(prev.hash, body);
    rows.push(
      seq, id, at, valid.tenant, valid.eventId, valid.correlationId, valid.agent, valid.kind, valid.outcome, valid.refersTo,
      valid.proposal?.id ?? null, body, prev.hash, hash,
    );
    for (const ref of refsOf(valid.proposal)) refs.push(seq, ref.type, ref.id);
    return Object.assign(unhashed, { prevHash: prev.hash, hash });
  }

  // IMMEDIATE takes the write lock before reading the head, so two processes never chain onto the same entry.
  const appendBatch = db.transaction((valid: readonly ValidInput[]) => {
    const at = toIso(clock.now());
    let prev = head();
    const rows: unknown[] = [];
    const refs: unknown[] = [];
    const appended = valid.map((input) => {
      const entry = appendOne(input, at, prev, rows, refs);
      prev = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
    insertEntries(rows);
    insertRefs(refs);
    return appended;
  });

  // Validated before the write lock is taken: a bad input appends nothing and holds no one up.
  const validate = (inputs: readonly DecisionInput[]): ValidInput[] =>
    inputs.map((input) => parseInput(DecisionInput, input, 'decision'));

  return {
    /** Appends one decision in its own transaction; returns it with seq, id and hashes. */
    append(input: DecisionInput): DecisionEntry {
      return appendBatch.immediate(validate([input]))[0] as DecisionEntry;
    },
    /** Appends decisions in one transaction: all or none. */
    appendMany(inputs: readonly DecisionInput[]): DecisionEntry[] {
      return appendBatch.immediate(validate(inputs));
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
