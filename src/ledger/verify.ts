/** Walks the hash chain, from the database or from a JSONL export, and names the first entry that is wrong. */
import type Database from 'better-sqlite3';
import { canonicalJson } from '../domain/index.ts';
import { chainHash, GENESIS_HASH } from './chain.ts';

export type Problem = 'hash_mismatch' | 'sequence_gap' | 'seq_mismatch' | 'broken_link' | 'bad_entry';

export type VerifyResult =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; broken: { seq: number | null; id: string | null; where: string; problem: Problem; detail: string } };

/** One link of the chain as read from storage. */
export interface Link {
  seq: number;
  /** The seq written inside the hashed body. */
  bodySeq: unknown;
  id: string | null;
  /** The hashed text, as stored (bytes read straight from the database skip a decode). */
  body: string | Uint8Array;
  prevHash: string;
  hash: string;
  /** Where it was read: `seq 12` or `line 12`. */
  where: string;
}

/** Where a walk starts: seq 1 after the genesis hash, or inside the chain (a range verified in parallel). */
export interface ChainStart {
  seq: number;
  prevHash: string;
}

type Broken = Extract<VerifyResult, { ok: false }>['broken'];

/** What is wrong with one link given the seq and prevHash the chain expects there, or null when it holds. */
function checkLink(
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

/** Checks links in order: consecutive seq, body agrees with its row, each prevHash the hash before, each hash recomputes. */
export function verifyLinks(links: Iterable<Link | { bad: string; where: string }>, start: ChainStart = { seq: 1, prevHash: GENESIS_HASH }): VerifyResult {
  let expectedSeq = start.seq;
  let prev = start.prevHash;
  let count = 0;
  for (const link of links) {
    if ('bad' in link) return { ok: false, count, broken: { seq: null, id: null, where: link.where, problem: 'bad_entry', detail: link.bad } };
    const wrong = checkLink(expectedSeq, prev, link.seq, link.bodySeq, link.prevHash, link.hash, link.body);
    if (wrong) return { ok: false, count, broken: { seq: link.seq, id: link.id, where: link.where, ...wrong } };
    prev = link.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, count, head: prev };
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

/** Verifies a JSONL export (one entry with its prevHash and hash per line) without the database. */
export function verifyJsonl(lines: Iterable<string>): VerifyResult {
  function* links(): Generator<Link | { bad: string; where: string }> {
    let n = 0;
    for (const line of lines) {
      n += 1;
      if (line.trim() === '') continue;
      const where = `line ${n}`;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch (error) {
        yield { bad: `not JSON: ${error instanceof Error ? error.message : String(error)}`, where };
        return;
      }
      const { prevHash, hash, ...rest } = entry;
      if (typeof prevHash !== 'string' || typeof hash !== 'string' || typeof rest.seq !== 'number') {
        yield { bad: 'an entry needs seq, prevHash and hash', where };
        return;
      }
      yield { seq: rest.seq, bodySeq: rest.seq, id: typeof rest.id === 'string' ? rest.id : null, body: canonicalJson(rest), prevHash, hash, where };
    }
  }
  return verifyLinks(links());
}
