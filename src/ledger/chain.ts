/** The hash chain: how an entry's hash is computed from the one before it. */
import * as crypto from 'node:crypto';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the entry format, carried by every entry so an old log can be read after the code moves on. */
export const ENTRY_SCHEMA_VERSION = 1;

/** sha256(prevHash + body) in hex, where body is the canonical JSON of the entry without prevHash and hash. */
export function chainHash(prevHash: string, body: string | Uint8Array): string {
  return crypto.createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * `chainHash` for a walk over many entries: the same bytes hashed in one shot from a reused buffer, which skips
 * a hash object per entry (`crypto.hash` is Node 20.12 and later; before that it is `chainHash`).
 */
export function chainHasher(): (prevHash: string, body: Uint8Array) => string {
  const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;
  if (typeof oneShot !== 'function') return chainHash;
  let scratch = Buffer.alloc(64 * 1024);
  return (prevHash, body) => {
    const need = Buffer.byteLength(prevHash) + body.length;
    if (need > scratch.length) scratch = Buffer.alloc(2 * need);
    const at = scratch.write(prevHash);
    scratch.set(body, at);
    return oneShot('sha256', scratch.subarray(0, at + body.length), 'hex');
  };
}
