/**
 * Shipments get the time their first window opens (epoch seconds). Dispatch reads a depot's open shipments at every
 * pick wave and drops those due after today's shifts; by the afternoon of a 10,000-order replay (issue 7) half of a
 * depot's open shipments were the next day's, each read and parsed only to be dropped. With the column SQLite leaves
 * them out.
 */
import type { Migration } from '../sqlite.ts';

export const shipmentOpensAt: Migration = {
  version: 13,
  name: 'shipment-opens-at',
  sql: `
    ALTER TABLE shipments ADD COLUMN opens_at INTEGER;
    UPDATE shipments SET opens_at = (SELECT min(unixepoch(json_extract(w.value, '$.start'))) FROM json_each(doc, '$.windows') AS w);
  `,
};
