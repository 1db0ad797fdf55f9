/** Verifies a large log on several cores: each worker walks a range of seq, and the ranges are joined at their seams. */
import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GENESIS_HASH } from './chain.ts';
import { type ChainStart, verifyDatabase, type VerifyResult } from './verify.ts';

/** Below this many entries one thread is faster than starting workers. */
const PARALLEL_FROM = 100_000;

interface Range {
  from: number;
  to: number;
  start: ChainStart;
  /** The first seq actually stored in the range, if any. */
  firstSeq: number | null;
}

function runRange(file: string, range: Range): Promise<VerifyResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./verify-worker.mjs', import.meta.url), { workerData: { file, range } });
    worker.once('message', (result: VerifyResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`verify worker exited with ${code}`)));
  });
}

/** Verifies the log in `file` like `verifyDatabase`, splitting the work across up to `workers` threads. */
export async function verifyFile(
  file: string,
  { workers = Math.min(4, availableParallelism()), parallelFrom = PARALLEL_FROM }: { workers?: number; parallelFrom?: number } = {},
): Promise<VerifyResult> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const max = (db.prepare('SELECT coalesce(max(seq), 0) FROM decision_log').pluck().get() as number);
    if (workers < 2 || max < parallelFrom) return verifyDatabase(db);
    const size = Math.ceil(max / workers);
    const ranges: Range[] = [];
    for (let from = 1; from <= max; from += size) {
      const first = db.prepare('SELECT seq, prev_hash FROM decision_log WHERE seq >= ? ORDER BY seq LIMIT 1').get(from) as { seq: number; prev_hash: string } | undefined;
      // A range starts from its own first row's prevHash; the seam check below holds it to the previous range's head.
      const prevHash = from === 1 ? GENESIS_HASH : (first?.prev_hash ?? '');
      ranges.push({ from, to: Math.min(max, from + size - 1), start: { seq: from, prevHash }, firstSeq: first?.seq ?? null });
    }
    const results = await Promise.all(ranges.map((r) => runRange(file, r)));
    let count = 0;
    let head = GENESIS_HASH;
    for (const [i, result] of results.entries()) {
      const range = ranges[i] as Range;
      // Report a seam the way a single walk would: a missing first row is a gap, a foreign prevHash a broken link.
      if (range.firstSeq !== null && range.firstSeq !== range.from) {
        return { ok: false, count, broken: { seq: range.firstSeq, id: null, where: `seq ${range.firstSeq}`, problem: 'sequence_gap', detail: `expected seq ${range.from}, found ${range.firstSeq}` } };
      }
      if (range.start.prevHash !== head) {
        return { ok: false, count, broken: { seq: range.from, id: null, where: `seq ${range.from}`, problem: 'broken_link', detail: `prevHash does not continue the chain before seq ${range.from}` } };
      }
      if (!result.ok) return { ...result, count: count + result.count };
      count += result.count;
      head = result.head;
    }
    return { ok: true, count, head };
  } finally {
    db.close();
  }
}
