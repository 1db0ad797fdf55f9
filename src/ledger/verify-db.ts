/**
 * Walks the hash chain stored in a Marshal database and names the first entry that is wrong. Imports nothing from
 * the domain, so a verify worker thread starts without loading the schemas.
 */
import type Database from 'better-sqlite3';
import { chainHash, GENESIS_HASH } from './chain.ts';

export type Problem = 'hash_mismatch' | 'sequence_gap' | 'seq_mismatch' | 'broken_link' | 'bad_entry';

export type VerifyResult =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; broken: { seq: number | null; id: string | null; where: string; problem: Problem; detail: string } };

/** Where a walk starts: seq 1 after the genesis hash, or inside the chain (a range verified in parallel). */
export interface ChainStart {
  seq: number;
  prevHash: string;
}

type Broken = Extract<VerifyResult, { ok: false }>['broken'];

/** What is wrong with one link given the seq and prevHash the chain expects there, or null when it holds. */
export function checkLink(
  expectedSeq: number, prev: string, seq: number, bodySeq: unknown, prevHash: string, hash: string, body: string | Uint8Array,
): { problem: Problem; detail: string } | null {
  if (seq !== expectedSeq) {
    return { problem: 'sequence_gap', detail: `expected seq ${expectedSeq}, found ${seq}: entries are missing, duplicated or out of order` };
  }
  if (bodySeq !== seq) return { problem: 'seq_mismatch', detail: `the entry says seq ${String(bodySeq)} but is stored as ${seq}` };
  if (prevHash !== prev) return { problem: 'broken_link', detail: `prevHash ${short(prevHash)} is not the previous entry's hash ${short(prev)}` };
  const recomputed = chainHash(prevHash, body);
  if (recomputed !== hash) {
    return { problem: 'hash_mismatch', detail: `stored hash ${short(hash)} but the content hashes to ${short(recomputed)}: the entry was altered` };
  }
  return null;
}

function short(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 16)}…` : hash;
}

const SEQ_KEY = Buffer.from('"seq":');

/**
 * The top-level seq written in a stored body, read without parsing it. Canonical JSON sorts keys, and the only key
 * after `seq` in an entry is `tenant`, a string; a quote inside a string is escaped, so the last `"seq":` is the entry's.
 */
export function seqInBody(body: Uint8Array): number | string {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const at = buf.lastIndexOf(SEQ_KEY);
  if (at < 0) return 'none';
  let n = 0;
  let i = at + SEQ_KEY.length;
  for (; i < buf.length && i - at < 24; i++) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  const next = buf[i];
  // A number that does not end the member (a sign, a fraction, an exponent) is not a seq this log wrote.
  return i > at + SEQ_KEY.length && (next === 44 || next === 125) ? n : buf.subarray(at + SEQ_KEY.length, Math.min(buf.length, i + 1)).toString();
}

/** Verifies the decision log stored in a Marshal database, whole or from `range.from` to `range.to`. */
export function verifyDatabase(db: Database.Database, range?: { from: number; to: number; start: ChainStart }): VerifyResult {
  const rows = db
    .prepare('SELECT seq, CAST(body AS BLOB), prev_hash, hash FROM decision_log WHERE seq BETWEEN ? AND ? ORDER BY seq')
    .raw()
    .iterate(range?.from ?? 0, range?.to ?? Number.MAX_SAFE_INTEGER) as IterableIterator<[number, Uint8Array, string, string]>;
  let expectedSeq = range?.start.seq ?? 1;
  let prev = range?.start.prevHash ?? GENESIS_HASH;
  let count = 0;
  let broken: Omit<Broken, 'id'> | undefined;
  // A tight loop rather than verifyLinks over a generator: this runs a million times for a large log.
  for (const [seq, body, prevHash, hash] of rows) {
    const wrong = checkLink(expectedSeq, prev, seq, seqInBody(body), prevHash, hash, body);
    if (wrong) {
      broken = { seq, where: `seq ${seq}`, ...wrong };
      break;
    }
    prev = hash;
    expectedSeq += 1;
    count += 1;
  }
  if (!broken) return { ok: true, count, head: prev };
  // Read after the loop: the connection is busy while the walk's statement is open.
  const id = db.prepare('SELECT id FROM decision_log WHERE seq = ?').pluck().get(broken.seq) as string | null | undefined;
  return { ok: false, count, broken: { ...broken, id: id ?? null } };
}
