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

type ValidInput = z.output<typeof DecisionInput>;

// Refs go in by multi-row INSERTs: one statement per up to this many refs instead of one per ref.
const REFS_PER_INSERT = 64;

/** The decision log over a Marshal database (which must have the decision-log migrations). */
export function openLedger(db: Database.Database, clock: Clock) {
  const headStmt = db.prepare('SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1');
  // The columns come from the same validated object as the hashed body; CAST stores the UTF-8 bytes already
  // hashed as TEXT, so the body is encoded once.
  const insert = db.prepare(`INSERT INTO decision_log
    (seq, id, at, tenant, event_id, correlation_id, agent, kind, outcome, refers_to, proposal_id, body, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?)`);
  const refInserts = new Map<number, Database.Statement>();
  const refInsert = (rows: number): Database.Statement => {
    let stmt = refInserts.get(rows);
    if (!stmt) {
      stmt = db.prepare(`INSERT INTO decision_refs (seq, ref_type, ref_id) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}`);
      refInserts.set(rows, stmt);
    }
    return stmt;
  };
  const byId = db.prepare('SELECT seq, body, prev_hash, hash FROM decision_log WHERE id = ?');

  const head = (): Head => (headStmt.get() as Head | undefined) ?? { seq: 0, hash: GENESIS_HASH };

  /** Inserts one entry; pushes its refs (seq, type, id triples) onto `refs` for one INSERT per batch. */
  function appendOne(valid: ValidInput, at: string, prev: Head, refs: (string | number)[]): DecisionEntry {
    const seq = prev.seq + 1;
    const id = decisionId(seq);
    // Object.assign, not spread: spreading an object and adding keys takes V8's slow clone path (~10x slower here).
    const unhashed: Omit<DecisionEntry, 'prevHash' | 'hash'> = Object.assign({}, valid, { seq, id, at, schemaVersion: ENTRY_SCHEMA_VERSION });
    const body = Buffer.from(canonicalJson(unhashed), 'utf8');
    const hash = chainHash(prev.hash, body);
    insert.run(
      seq, id, at, valid.tenant, valid.eventId, valid.correlationId, valid.agent, valid.kind, valid.outcome, valid.refersTo,
      valid.proposal?.id ?? null, body, prev.hash, hash,
    );
    for (const ref of refsOf(valid.proposal)) refs.push(seq, ref.type, ref.id);
    return Object.assign(unhashed, { prevHash: prev.hash, hash });
  }

  function insertRefs(refs: (string | number)[]): void {
    const chunk = 3 * REFS_PER_INSERT;
    for (let i = 0; i < refs.length; i += chunk) {
      const part = refs.length - i > chunk ? refs.slice(i, i + chunk) : i === 0 ? refs : refs.slice(i);
      refInsert(part.length / 3).run(part);
    }
  }

  // IMMEDIATE takes the write lock before reading the head, so two processes never chain onto the same entry.
  const appendBatch = db.transaction((valid: readonly ValidInput[]) => {
    const at = toIso(clock.now());
    let prev = head();
    const refs: (string | number)[] = [];
    const entries = valid.map((input) => {
      const entry = appendOne(input, at, prev, refs);
      prev = { seq: entry.seq, hash: entry.hash };
      return entry;
    });
    insertRefs(refs);
    return entries;
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
