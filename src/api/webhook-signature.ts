/** Standard Webhooks signatures: HMAC-SHA256 over `id.timestamp.body`, keyed by a `whsec_` secret, within a time tolerance. */
import type Database from 'better-sqlite3';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Clock, MarshalError, toIso } from '../domain/index.ts';

/** Five minutes either way, as the Standard Webhooks spec recommends, against replayed deliveries. */
export const TOLERANCE_SECONDS = 300;

/** A delivery whose signature does not check out: 401, never stored. */
export class SignatureError extends MarshalError {
  constructor(reason: string) {
    super('bad_signature', 'input', `webhook signature: ${reason}`);
  }
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** The `v1,<base64>` signature of a payload, as a sender computes it. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** Throws SignatureError unless one of the space-separated `v1` signatures matches and the timestamp is fresh. */
export function verifyWebhook(secrets: readonly string[], headers: WebhookHeaders, body: string, nowSeconds: number): void {
  const { id, timestamp, signature } = headers;
  if (!id) throw new SignatureError('webhook-id header is missing');
  if (!timestamp || !/^\d+$/.test(timestamp)) throw new SignatureError('webhook-timestamp header is missing or not epoch seconds');
  if (!signature) throw new SignatureError('webhook-signature header is missing');
  const ts = Number(timestamp);
  if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) throw new SignatureError(`webhook-timestamp is more than ${TOLERANCE_SECONDS} s from now`);
  const offered = signature.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of secrets) {
    const expected = Buffer.from(signWebhook(secret, id, ts, body).slice(3), 'base64');
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) return;
  }
  throw new SignatureError('no signature matches');
}

/** Creates a signing secret for a tenant and returns it (`whsec_` and 32 random bytes in base64). */
export function createWebhookSecret(db: Database.Database, clock: Clock, tenant: string): string {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  db.prepare('INSERT INTO webhook_secrets (id, tenant, secret, created_at) VALUES (?, ?, ?, ?)')
    .run(`whk-${randomBytes(6).toString('hex')}`, tenant, secret, toIso(clock.now()));
  return secret;
}

// Asked on every webhook: prepared once per database, not per request.
const secretsQueries = new WeakMap<Database.Database, Database.Statement>();

/** The tenant's live signing secrets, newest first. */
export function webhookSecretsOf(db: Database.Database, tenant: string): string[] {
  let query = secretsQueries.get(db);
  if (!query) {
    query = db.prepare('SELECT secret FROM webhook_secrets WHERE tenant = ? AND revoked_at IS NULL ORDER BY created_at DESC').pluck();
    secretsQueries.set(db, query);
  }
  return query.all(tenant) as string[];
}
