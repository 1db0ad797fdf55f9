/** Body of a verify worker: opens the database read-only and verifies the range it was given. */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { type ChainStart, verifyDatabase } from './verify.ts';

const { file, range } = workerData as { file: string; range: { from: number; to: number; start: ChainStart } };
const db = new Database(file, { readonly: true, fileMustExist: true });
parentPort?.postMessage(verifyDatabase(db, range));
db.close();
