/** Links between the agent graph and governance: a proposal is decided once, and a review knows its paused thread. */
import type { Migration } from '../sqlite.ts';

export const graphLinks: Migration = {
  version: 6,
  name: 'graph-links',
  sql: `
    ALTER TABLE decision_log ADD COLUMN proposal_id TEXT GENERATED ALWAYS AS (json_extract(body, '$.proposal.id')) VIRTUAL;
    CREATE INDEX decision_log_proposal ON decision_log (proposal_id, refers_to);
    ALTER TABLE reviews ADD COLUMN thread_id TEXT;
  `,
};
