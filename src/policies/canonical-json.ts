/** Canonical JSON and its sha256: one text per value, so a policy (or a log entry) hashes the same wherever it is read. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/index.ts';

// The serializer itself lives in domain/ because the ledger already chains on it; re-exported so policy users need one import.
export { canonicalJson };

/** The sha256 hex digest of the canonical JSON of a value. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
