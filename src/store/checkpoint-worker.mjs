// Worker thread of background-checkpoint.ts: copies the WAL into the database file off the writers' thread.
// Plain JavaScript with one dependency, so it starts without the TypeScript loader.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs, minBytes } = workerData;
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 50');
let stopped = false;

function walBytes() {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

let last = '';

function tick() {
  if (stopped) return;
  // A WAL file keeps its length when writers start it over (up to journal_size_limit), so a long file may hold
  // nothing new: a PASSIVE checkpoint then finds nothing to copy and costs next to nothing.
  if (walBytes() >= minBytes) {
    try {
      // PASSIVE never waits for writers or readers: what it cannot copy now it copies next time.
      const [row] = db.pragma('wal_checkpoint(PASSIVE)');
      const seen = `${row.log}/${row.checkpointed}`;
      if (row.checkpointed > 0 && seen !== last) parentPort.postMessage({ type: 'checkpoint', log: row.log, checkpointed: row.checkpointed });
      last = seen;
    } catch (error) {
      parentPort.postMessage({ type: 'error', message: String(error?.message ?? error) });
    }
  }
  setTimeout(tick, intervalMs);
}

parentPort.on('message', (message) => {
  if (message === 'stop') {
    stopped = true;
    db.close();
    parentPort.close();
  }
});
tick();
