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

/** Checks links in order: consecutive seq, body agrees with its row, each prevHash the hash before, each hash recomputes. */
export function verifyLinks(links: Iterable<Link | { bad: string; where: string }>, start: ChainStart = { seq: 1, prevHash: GENESIS_HASH }): VerifyResult {
  let expectedSeq = start.seq;
  let prev = start.prevHash;
  let count = 0;
  for (const link of links) {
    const fail = (problem: Problem, detail: string): VerifyResult => ({
      ok: false, count,
      broken: { seq: 'seq' in link ? link.seq : null, id: 'id' in link ? link.id : null, where: link.where, problem, detail },
    });
    if ('bad' in link) return fail('bad_entry', link.bad);
    if (link.seq !== expectedSeq) {
      return fail('sequence_gap', `expected seq ${expectedSeq}, found ${link.seq}: entries are missing, duplicated or out of order`);
    }
    if (link.bodySeq !== link.seq) return fail('seq_mismatch', `the entry says seq ${String(link.bodySeq)} but is stored as ${link.seq}`);
    if (link.prevHash !== prev) return fail('broken_link', `prevHash ${short(link.prevHash)} is not the previous entry's hash ${short(prev)}`);
    const recomputed = chainHash(link.prevHash, link.body);
    if (recomputed !== link.hash) {
      return fail('hash_mismatch', `stored hash ${short(link.hash)} but the content hashes to ${short(recomputed)}: the entry was altered`);
    }
    prev = link.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, count, head: prev };
}

function short(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 16)}…` : hash;
}

/** Verifies the decision log stored in a Marshal database, whole or from `range.from` to `range.to`. */
export function verifyDatabase(db: Database.Database, range?: { from: number; to: number; start: ChainStart }): VerifyResult {
  const rows = db
    .prepare('SELECT seq, body_seq, id, CAST(body AS BLOB), prev_hash, hash FROM decision_log WHERE seq BETWEEN ? AND ? ORDER BY seq')
    .raw()
    .iterate(range?.from ?? 0, range?.to ?? Number.MAX_SAFE_INTEGER) as IterableIterator<[number, unknown, string | null, Uint8Array, string, string]>;
  function* links(): Generator<Link> {
    for (const [seq, bodySeq, id, body, prevHash, hash] of rows) {
      yield { seq, bodySeq, id, body, prevHash, hash, where: `seq ${seq}` };
    }
  }
  return verifyLinks(links(), range?.start);
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
