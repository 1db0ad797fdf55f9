/**
 * Orders get their priority as a column. Dispatch reads the priority of every open shipment's order at every pick
 * wave; SQLite parsed each order's JSON document for that one number, a fiftieth of a busy replay's time (issue 7).
 */
import type { Migration } from '../sqlite.ts';

export const orderPriority: Migration = {
  version: 14,
  name: 'order-priority',
  sql: `
    ALTER TABLE orders ADD COLUMN priority INTEGER;
    UPDATE orders SET priority = json_extract(doc, '$.priority');
  `,
};
