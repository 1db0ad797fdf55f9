/**
 * Shipments indexed by status and depot. Dispatch reads a depot's open shipments at every pick wave, and without this
 * index SQLite read every shipment of the tenant, document and all, to keep a few hundred: a twentieth of a busy
 * replay's time (issue 7). The id closes the index so pages come in id order from the index alone.
 */
import type { Migration } from '../sqlite.ts';

export const shipmentsByStatus: Migration = {
  version: 12,
  name: 'shipments-by-status',
  sql: `
    CREATE INDEX shipments_by_status ON shipments (tenant, status, depot_id, id);
  `,
};
