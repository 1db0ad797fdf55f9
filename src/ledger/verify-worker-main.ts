/** Body of a verify worker: opens the database read-only and walks the chunks it claims. */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { type ChunkPlan, verifyChunks } from './verify-chunks.ts';

const { file, plan, counter } = workerData as { file: string; plan: ChunkPlan; counter: Int32Array };
const db = new Database(file, { readonly: true, fileMustExist: true });
parentPort?.postMessage(verifyChunks(db, plan, counter));
db.close();
