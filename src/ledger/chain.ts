/** The hash chain: how an entry's hash is computed from the one before it. */
import { createHash } from 'node:crypto';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the entry format, carried by every entry so an old log can be read after the code moves on. */
export const ENTRY_SCHEMA_VERSION = 1;

/** sha256(prevHash + body) in hex, where body is the canonical JSON of the entry without prevHash and hash. */
export function chainHash(prevHash: string, body: string | Uint8Array): string {
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
