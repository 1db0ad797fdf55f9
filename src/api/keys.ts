/** API keys: created with a role and a tenant, shown once, stored as a SHA-256 hash, checked on every request. */
import type Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Clock, Id, MarshalError, parseInput, toIso } from '../domain/index.ts';
import type { Actor } from '../governance/index.ts';
import { Role } from '../policies/index.ts';

/** No key, or a key that is unknown or revoked: 401. */
export class AuthError extends MarshalError {
  constructor(reason: string) {
    super('unauthenticated', 'input', reason);
  }
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const NewKey = z.object({ tenant: Id, role: Role, name: z.string().trim().min(1).max(100) });

/** Creates a key; the secret is returned once and never stored. */
export function createApiKey(db: Database.Database, clock: Clock, input: z.input<typeof NewKey>): { id: string; secret: string } & z.output<typeof NewKey> {
  const key = parseInput(NewKey, input, 'api key');
  const secret = `mk_${randomBytes(24).toString('base64url')}`;
  const id = `key-${hashOf(secret).slice(0, 12)}`;
  db.prepare('INSERT INTO api_keys (id, hash, tenant, role, name, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, hashOf(secret), key.tenant, key.role, key.name, toIso(clock.now()));
  return { id, secret, ...key };
}

// Every request authenticates: one prepared statement per database, not one per request.
const lookups = new WeakMap<Database.Database, Database.Statement>();
function keyLookup(db: Database.Database): Database.Statement {
  let stmt = lookups.get(db);
  if (!stmt) lookups.set(db, (stmt = db.prepare('SELECT id, tenant, role, name, revoked_at FROM api_keys WHERE hash = ?')));
  return stmt;
}

/** The actor behind an `Authorization: Bearer …` header, or AuthError saying what is wrong. */
export function authenticate(db: Database.Database, header: string | undefined): Actor {
  if (!header) throw new AuthError('Authorization header is missing: send "Authorization: Bearer <api key>"');
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new AuthError('Authorization header must be "Bearer <api key>"');
  const row = keyLookup(db).get(hashOf(match[1]!)) as
    | { id: string; tenant: string; role: Actor['role']; name: string; revoked_at: string | null }
    | undefined;
  if (!row) throw new AuthError('API key is not known');
  if (row.revoked_at) throw new AuthError(`API key ${row.id} was revoked at ${row.revoked_at}`);
  return { id: `key:${row.name}`, role: row.role, tenant: row.tenant };
}

/** How many keys exist (start creates sandbox keys when there are none). */
export function countApiKeys(db: Database.Database): number {
  return db.prepare('SELECT count(*) FROM api_keys WHERE revoked_at IS NULL').pluck().get() as number;
}
