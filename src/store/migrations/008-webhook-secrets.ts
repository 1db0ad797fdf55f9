/** Webhook signing secrets per tenant (Standard Webhooks `whsec_…`); several may be live while one is rotated out. */
import type { Migration } from '../sqlite.ts';

export const webhookSecrets: Migration = {
  version: 8,
  name: 'webhook-secrets',
  sql: `
    CREATE TABLE webhook_secrets (
      id TEXT PRIMARY KEY,
      tenant TEXT NOT NULL,
      secret TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT;
    CREATE INDEX webhook_secrets_by_tenant ON webhook_secrets (tenant);
  `,
};
