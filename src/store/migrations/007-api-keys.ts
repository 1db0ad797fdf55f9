/** API keys: each a role and a tenant; only a hash of the secret is kept. */
import type { Migration } from '../sqlite.ts';

export const apiKeys: Migration = {
  version: 7,
  name: 'api-keys',
  sql: `
    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      hash TEXT NOT NULL UNIQUE,
      tenant TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('integration', 'dispatcher', 'finance', 'auditor', 'admin')),
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT;
  `,
};
