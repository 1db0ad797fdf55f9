/** Marshal's own record of each carrier: deliveries it saw, how many on time, and exception codes. */
import type { Migration } from '../sqlite.ts';

export const carrierScores: Migration = {
  version: 9,
  name: 'carrier-scores',
  sql: `
    CREATE TABLE carrier_scores (
      tenant TEXT NOT NULL,
      carrier_id TEXT NOT NULL,
      delivered INTEGER NOT NULL DEFAULT 0,
      on_time INTEGER NOT NULL DEFAULT 0,
      exceptions TEXT NOT NULL DEFAULT '{}',
      updated_at TEXT NOT NULL,
      PRIMARY KEY (tenant, carrier_id)
    ) STRICT;
  `,
};
