/**
 * WAL checkpoints on another thread. A checkpoint copies the WAL's pages into the database file and syncs both; done
 * by the connection that commits, it stalls that commit (and every event behind it) for as long as the copy takes.
 * Here a worker thread with its own connection copies while the writers go on, and the writers' own automatic
 * checkpoint stays only as a backstop in case the worker falls behind.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './sqlite.ts';

export interface BackgroundCheckpointOptions {
  /** How often the worker looks at the WAL (default 250 ms). */
  intervalMs?: number;
  /** WAL size that starts a checkpoint (default 8 MiB). */
  minBytes?: number;
}

export interface BackgroundCheckpoint {
  /** Checkpoints copied so far, for tests and diagnostics. */
  readonly checkpoints: number;
  /** The last error the worker reported, if any (a busy database is retried on the next tick). */
  readonly lastError: string | undefined;
  /** Stops the worker; it closes its connection first. */
  stop(): Promise<void>;
}

const DEFAULT_MIN_BYTES = 8 * 1024 * 1024;

/** Writers' own checkpoint when the worker falls behind: 100,000 pages (about 400 MB of WAL). */
const BACKSTOP_PAGES = 100_000;

/** Starts checkpointing `file` (the database `db` is open on) on a worker thread. */
export function startBackgroundCheckpoint(db: Db, file: string, options: BackgroundCheckpointOptions = {}): BackgroundCheckpoint {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  // Once a checkpoint has caught up, the next writer starts the WAL over; this trims the file back when it does.
  db.pragma(`journal_size_limit = ${2 * (options.minBytes ?? DEFAULT_MIN_BYTES)}`);
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, intervalMs: options.intervalMs ?? 250, minBytes: options.minBytes ?? DEFAULT_MIN_BYTES },
  });
  worker.unref();
  let checkpoints = 0;
  let lastError: string | undefined;
  worker.on('message', (m: { type: string; message?: string }) => {
    if (m.type === 'checkpoint') checkpoints++;
    else if (m.type === 'error') lastError = m.message;
  });
  worker.on('error', (error) => { lastError = error.message; });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    get checkpoints() { return checkpoints; },
    get lastError() { return lastError; },
    stop() {
      worker.postMessage('stop');
      return exited;
    },
  };
}
