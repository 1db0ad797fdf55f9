/**
 * Walks the hash chain stored in a Marshal database and names the first entry that is wrong. Imports nothing from
 * the domain, so a verify worker thread starts without loading the schemas.
 */
import type Database from 'better-sqlite3';
import { chainHash, chainHasher, GENESIS_HASH } from './chain.ts';

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
  hashOf: (prevHash: string, body: Uint8Array) => string = chainHash,
): { problem: Problem; detail: string } | null {
  if (seq !== expectedSeq) {
    return { problem: 'sequence_gap', detail: `expected seq ${expectedSeq}, found ${seq}: entries are missing, duplicated or out of order` };
  }
  if (bodySeq !== seq) return { problem: 'seq_mismatch', detail: `the entry says seq ${String(bodySeq)} but is stored as ${seq}` };
  if (prevHash !== prev) return { problem: 'broken_link', detail: `prevHash ${short(prevHash)} is not the previous entry's hash ${short(prev)}` };
  const recomputed = typeof body === 'string' ? chainHash(prevHash, body) : hashOf(prevHash, body);
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
  const start = at + SEQ_KEY.length;
  let n = 0;
  let i = start;
  for (; i < buf.length && i - start < 16; i++) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  // A number that does not end the member (a sign, a fraction, an exponent) is not a seq this log wrote.
  if (i > start && (buf[i] === 44 || buf[i] === 125)) return n;
  let end = start;
  while (end < buf.length && end - start < 24 && buf[end] !== 44 && buf[end] !== 125) end += 1;
  return buf.subarray(start, end).toString();
}

/** Rows read per query: paging with all() costs less per row than an iterator, and holds under a megabyte. */
const PAGE = 512;

/** Verifies the decision log stored in a Marshal database, whole or from `range.from` to `range.to`. */
export function verifyDatabase(db: Database.Database, range?: { from: number; to: number; start: ChainStart }): VerifyResult {
  const page = db
    .prepare('SELECT seq, CAST(body AS BLOB), prev_hash, hash FROM decision_log WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?')
    .raw();
  const to = range?.to ?? Number.MAX_SAFE_INTEGER;
  const hashOf = chainHasher();
  let expectedSeq = range?.start.seq ?? 1;
  let prev = range?.start.prevHash ?? GENESIS_HASH;
  let count = 0;
  for (let cursor = range?.from ?? Number.MIN_SAFE_INTEGER; ;) {
    const rows = page.all(cursor, to, PAGE) as [number, Uint8Array, string, string][];
    for (const [seq, body, prevHash, hash] of rows) {
      const wrong = checkLink(expectedSeq, prev, seq, seqInBody(body), prevHash, hash, body, hashOf);
      if (wrong) {
        const id = db.prepare('SELECT id FROM decision_log WHERE seq = ?').pluck().get(seq) as string | null | undefined;
        return { ok: false, count, broken: { seq, id: id ?? null, where: `seq ${seq}`, ...wrong } satisfies Broken };
      }
      prev = hash;
      expectedSeq += 1;
      count += 1;
    }
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || !last) break;
    cursor = last[0] + 1;
  }
  return { ok: true, count, head: prev };
}
