/** One thread's share of a parallel verify: claims chunks of seq from a shared counter and walks each. */
import type Database from 'better-sqlite3';
import { GENESIS_HASH } from './chain.ts';
import { verifyDatabase, type VerifyResult } from './verify-db.ts';

/** Chunk i covers seq 1 + i·size to (i + 1)·size, up to max. */
export interface ChunkPlan {
  max: number;
  size: number;
}

export interface ChunkResult {
  index: number;
  from: number;
  /** The first seq stored at or after `from`, if any. */
  firstSeq: number | null;
  /** The prevHash the chunk's walk started from: the genesis hash, or its first row's own prevHash. */
  startHash: string;
  result: VerifyResult;
}

/** Slot 0: the next chunk to claim; slot 1: set once a chunk failed, so no one starts a later one. */
export const COUNTER_SLOTS = 2;

/** Walks chunks claimed from `counter` until none are left (or one failed); every thread runs this. */
export function verifyChunks(db: Database.Database, plan: ChunkPlan, counter: Int32Array): ChunkResult[] {
  const chunks = Math.ceil(plan.max / plan.size);
  const firstRow = db.prepare('SELECT seq, prev_hash FROM decision_log WHERE seq >= ? ORDER BY seq LIMIT 1');
  const out: ChunkResult[] = [];
  for (;;) {
    // Chunks are claimed in order, so when one fails every earlier one is already claimed and will finish.
    if (Atomics.load(counter, 1) !== 0) break;
    const index = Atomics.add(counter, 0, 1);
    if (index >= chunks) break;
    const from = 1 + index * plan.size;
    const to = Math.min(plan.max, from + plan.size - 1);
    const first = firstRow.get(from) as { seq: number; prev_hash: string } | undefined;
    // A chunk starts from its own first row's prevHash; joining holds that to the previous chunk's head.
    const startHash = index === 0 ? GENESIS_HASH : (first?.prev_hash ?? '');
    const result = verifyDatabase(db, { from, to, start: { seq: from, prevHash: startHash } });
    out.push({ index, from, firstSeq: first?.seq ?? null, startHash, result });
    if (!result.ok) Atomics.store(counter, 1, 1);
  }
  return out;
}

/** Joins chunk results in seq order, reporting a seam the way a single walk reports that entry. */
export function joinChunks(chunks: readonly ChunkResult[]): VerifyResult {
  let count = 0;
  let head = GENESIS_HASH;
  let nextSeq = 1;
  for (const chunk of [...chunks].sort((a, b) => a.index - b.index)) {
    const r = chunk.result;
    // Rows missing at the end of the previous chunk, or at the start of this one, are a gap before its first row.
    if (chunk.firstSeq !== null && chunk.firstSeq !== nextSeq) {
      return { ok: false, count, broken: { seq: chunk.firstSeq, id: null, where: `seq ${chunk.firstSeq}`, problem: 'sequence_gap', detail: `expected seq ${nextSeq}, found ${chunk.firstSeq}: entries are missing, duplicated or out of order` } };
    }
    // A single walk checks the seq inside the body before the link.
    if (!r.ok && r.count === 0 && r.broken.problem === 'seq_mismatch') return { ...r, count };
    if (chunk.startHash !== head) {
      return { ok: false, count, broken: { seq: chunk.from, id: null, where: `seq ${chunk.from}`, problem: 'broken_link', detail: `prevHash does not continue the chain before seq ${chunk.from}` } };
    }
    if (!r.ok) return { ...r, count: count + r.count };
    count += r.count;
    head = r.head;
    nextSeq = chunk.from + r.count;
  }
  return { ok: true, count, head };
}
