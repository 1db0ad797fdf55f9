/** What delivering an outbox action returned (a tender id, a message id, the promise it replaced), for compensation. */
import type { Migration } from '../sqlite.ts';

export const outboxResult: Migration = {
  version: 5,
  name: 'outbox-result',
  sql: 'ALTER TABLE outbox ADD COLUMN result TEXT;',
};
