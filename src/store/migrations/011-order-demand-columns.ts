/**
 * Orders get the columns Capacity's fleet-against-demand check sums: the date of the first delivery window and the
 * load. Summing them from the JSON document on every new order cost milliseconds per event at a few thousand open
 * orders (a 10,000-order replay, issue 7); an index holding them answers from the index alone.
 */
import type { Migration } from '../sqlite.ts';

export const orderDemandColumns: Migration = {
  version: 11,
  name: 'order-demand-columns',
  sql: `
    ALTER TABLE orders ADD COLUMN due_date TEXT;
    ALTER TABLE orders ADD COLUMN weight_kg REAL;
    ALTER TABLE orders ADD COLUMN volume_m3 REAL;
    ALTER TABLE orders ADD COLUMN pallets REAL;
    UPDATE orders SET
      due_date = substr(json_extract(doc, '$.windows[0].start'), 1, 10),
      weight_kg = json_extract(doc, '$.load.weightKg'),
      volume_m3 = json_extract(doc, '$.load.volumeM3'),
      pallets = json_extract(doc, '$.load.pallets');
    CREATE INDEX orders_demand ON orders (tenant, depot_id, due_date, status, weight_kg, volume_m3, pallets);
  `,
};
