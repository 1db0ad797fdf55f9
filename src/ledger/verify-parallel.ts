/**
 * Verifies a large log on several threads: the log is cut into chunks of seq, each thread (this one included) claims
 * the next chunk until none are left, and the chunks are joined in order at their seams.
 */
import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ChunkPlan, type ChunkResult, COUNTER_SLOTS, joinChunks, verifyChunks } from './verify-chunks.ts';
import { verifyDatabase, type VerifyResult } from './verify-db.ts';

/** Below this many entries one thread is faster than starting workers. */
const PARALLEL_FROM = 100_000;
/** Chunks per thread: enough that a thread slowed by a busy core, or by its own start-up, takes fewer. */
const CHUNKS_PER_THREAD = 8;

export interface VerifyOptions {
  /** Threads in all, this one included (default: the cores available, at most 4); 1 walks the log on this thread. */
  threads?: number;
  /** Smallest log verified on several threads. */
  parallelFrom?: number;
}

/** The number of threads `marshal log verify` uses unless told otherwise. */
export function defaultThreads(): number {
  return Math.min(4, availableParallelism());
}

function runWorker(file: string, plan: ChunkPlan, counter: Int32Array): Promise<ChunkResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./verify-worker.mjs', import.meta.url), { workerData: { file, plan, counter } });
    worker.once('message', (results: ChunkResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`verify worker exited with ${code}`)));
  });
}

/** Verifies the log in `file` like `verifyDatabase`, on up to `threads` threads, naming the same first broken entry. */
export async function verifyFile(file: string, { threads = defaultThreads(), parallelFrom = PARALLEL_FROM }: VerifyOptions = {}): Promise<VerifyResult> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { min, max } = db.prepare('SELECT coalesce(min(seq), 1) AS min, coalesce(max(seq), 0) AS max FROM decision_log').get() as { min: number; max: number };
    // Chunks start at seq 1; a row below that breaks the log at its first entry, which one walk names at once.
    if (threads < 2 || max < parallelFrom || min < 1) return verifyDatabase(db);
    const plan: ChunkPlan = { max, size: Math.ceil(max / (threads * CHUNKS_PER_THREAD)) };
    const counter = new Int32Array(new SharedArrayBuffer(COUNTER_SLOTS * Int32Array.BYTES_PER_ELEMENT));
    const workers = Array.from({ length: threads - 1 }, () => runWorker(file, plan, counter));
    // This thread claims chunks too, while the workers start.
    const own = verifyChunks(db, plan, counter);
    const result = joinChunks([...own, ...(await Promise.all(workers)).flat()]);
    if (result.ok || result.broken.id !== null || result.broken.seq === null) return result;
    const id = db.prepare('SELECT id FROM decision_log WHERE seq = ?').pluck().get(result.broken.seq) as string | null | undefined;
    return { ...result, broken: { ...result.broken, id: id ?? null } };
  } finally {
    db.close();
  }
}
