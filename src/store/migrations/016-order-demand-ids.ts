/**
 * The index Capacity's fleet-against-demand check reads gets the order id. The check leaves out the orders of its own
 * batch still to come (`id NOT IN ...`), and without the id SQLite looked up every order's row to read it: three times
 * the work of answering from the index, on every new order (issue 7). The id goes last, so the orders are read in the
 * same order as before, except those with the same load, whose figures are the same.
 */
import type { Migration } from '../sqlite.ts';

export const orderDemandIds: Migration = {
  version: 16,
  name: 'order-demand-ids',
  sql: `
    DROP INDEX orders_demand;
    CREATE INDEX orders_demand ON orders (tenant, depot_id, due_date, status, weight_kg, volume_m3, pallets, id);
  `,
};
