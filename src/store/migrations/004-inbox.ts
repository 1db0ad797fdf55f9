/** The inbox: every accepted event, stored before it is acknowledged, processed once, in arrival order. */
import type { Migration } from '../sqlite.ts';

export const inbox: Migration = {
  version: 4,
  name: 'inbox',
  sql: `
    CREATE TABLE inbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      tenant TEXT NOT NULL,
      source TEXT NOT NULL,
      id TEXT NOT NULL,
      type TEXT NOT NULL,
      correlation_key TEXT NOT NULL,
      received_at TEXT NOT NULL,
      body TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      processed_at TEXT,
      error TEXT,
      -- CloudEvents: source and id together identify an event; a redelivery is the same event.
      UNIQUE (tenant, source, id)
    ) STRICT;
    CREATE INDEX inbox_pending ON inbox (status, seq);
    CREATE INDEX inbox_by_key ON inbox (correlation_key, seq);
  `,
};
