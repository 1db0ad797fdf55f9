/** Walks the hash chain, from the database or from a JSONL export, and names the first entry that is wrong. */
import { canonicalJson } from '../domain/index.ts';
import { GENESIS_HASH } from './chain.ts';
import { type ChainStart, checkLink, type VerifyResult } from './verify-db.ts';

export { type ChainStart, type Problem, seqInBody, verifyDatabase, type VerifyResult } from './verify-db.ts';

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
