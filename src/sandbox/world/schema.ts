/** The simulated systems of record share one SQLite file: OMS orders, ERP books, WMS bins, carriers, telematics. */
import type { Migration } from '../../store/index.ts';

export const WORLD_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'world',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE tenants (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
      CREATE TABLE depots (tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE customers (tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE accounts (tenant TEXT NOT NULL, customer_id TEXT NOT NULL, balance_minor INTEGER NOT NULL
        CHECK (balance_minor >= 0), on_hold INTEGER NOT NULL, hold_reason TEXT,
        PRIMARY KEY (tenant, customer_id), FOREIGN KEY (tenant, customer_id) REFERENCES customers(tenant, id)) STRICT;
      CREATE TABLE skus (tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE stock (tenant TEXT NOT NULL, depot_id TEXT NOT NULL, sku TEXT NOT NULL, bin TEXT NOT NULL,
        on_hand INTEGER NOT NULL CHECK (on_hand >= 0), reserved INTEGER NOT NULL CHECK (reserved >= 0),
        count_locked INTEGER NOT NULL, pickable INTEGER NOT NULL DEFAULT 1,
        CHECK (reserved <= on_hand), PRIMARY KEY (tenant, depot_id, sku, bin)) STRICT;
      CREATE TABLE in_transit (tenant TEXT NOT NULL, id TEXT NOT NULL, sku TEXT NOT NULL, from_depot TEXT,
        to_depot TEXT NOT NULL, qty INTEGER NOT NULL CHECK (qty > 0), eta TEXT NOT NULL, status TEXT NOT NULL,
        idempotency_key TEXT, PRIMARY KEY (tenant, id), UNIQUE (tenant, idempotency_key)) STRICT;
      CREATE TABLE orders (tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, status TEXT NOT NULL,
        created_at TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE reservations (tenant TEXT NOT NULL, order_id TEXT NOT NULL, depot_id TEXT NOT NULL,
        sku TEXT NOT NULL, bin TEXT NOT NULL, qty INTEGER NOT NULL CHECK (qty > 0), wave_id TEXT,
        PRIMARY KEY (tenant, order_id, sku, bin)) STRICT;
      CREATE TABLE tasks (tenant TEXT NOT NULL, id TEXT NOT NULL, wave_id TEXT NOT NULL, order_id TEXT NOT NULL,
        depot_id TEXT NOT NULL, sku TEXT NOT NULL, bin TEXT NOT NULL, qty INTEGER NOT NULL, picked INTEGER NOT NULL,
        status TEXT NOT NULL, completed_at TEXT, PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE dock_bookings (tenant TEXT NOT NULL, id TEXT NOT NULL, depot_id TEXT NOT NULL,
        door INTEGER NOT NULL, vehicle_id TEXT NOT NULL, slot_start TEXT NOT NULL, slot_end TEXT NOT NULL,
        shipment_ids TEXT NOT NULL, idempotency_key TEXT NOT NULL,
        PRIMARY KEY (tenant, id), UNIQUE (tenant, idempotency_key)) STRICT;
      CREATE TABLE returns (tenant TEXT NOT NULL, idempotency_key TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (tenant, idempotency_key)) STRICT;
      CREATE TABLE postings (tenant TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, order_id TEXT,
        shipment_id TEXT, idempotency_key TEXT NOT NULL, posted_at TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (tenant, id), UNIQUE (tenant, idempotency_key)) STRICT;
      CREATE TABLE carriers (tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, doc TEXT NOT NULL,
        accept_rate REAL NOT NULL, discrepancy_rate REAL NOT NULL, PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE tenders (tenant TEXT NOT NULL, id TEXT NOT NULL, carrier_id TEXT NOT NULL,
        shipment_id TEXT NOT NULL, status TEXT NOT NULL, idempotency_key TEXT NOT NULL, created_at TEXT NOT NULL,
        doc TEXT NOT NULL, PRIMARY KEY (tenant, id), UNIQUE (tenant, idempotency_key)) STRICT;
      CREATE TABLE carrier_invoices (tenant TEXT NOT NULL, id TEXT NOT NULL, carrier_id TEXT NOT NULL,
        status TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE vehicles (tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, doc TEXT NOT NULL,
        position TEXT NOT NULL, PRIMARY KEY (tenant, id)) STRICT;
      CREATE TABLE messages (tenant TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, order_id TEXT,
        idempotency_key TEXT, doc TEXT NOT NULL, PRIMARY KEY (tenant, id), UNIQUE (tenant, idempotency_key)) STRICT;
    `,
  },
  {
    version: 2,
    name: 'expected returns',
    sql: `
      CREATE TABLE expected_returns (tenant TEXT NOT NULL, id TEXT NOT NULL, depot_id TEXT NOT NULL, order_id TEXT NOT NULL,
        status TEXT NOT NULL, expected_at TEXT NOT NULL, idempotency_key TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (tenant, id), UNIQUE (tenant, idempotency_key)) STRICT;
    `,
  },
  {
    version: 3,
    name: 'messages by order and customer',
    // Customer asks what an order's customer was told on every re-plan; without these each ask read every message.
    sql: `
      CREATE INDEX messages_by_order ON messages (tenant, order_id, id);
      CREATE INDEX messages_by_customer ON messages (tenant, customer_id, id);
    `,
  },
  {
    version: 4,
    name: 'pick tasks by order and wave',
    // Releasing an order asks for its tasks: without these each ask read every task of the day (10,000 on a busy one).
    sql: `
      CREATE INDEX tasks_by_order ON tasks (tenant, order_id, id);
      CREATE INDEX tasks_by_wave ON tasks (tenant, wave_id, id);
    `,
  },
  {
    version: 5,
    name: 'tenders by shipment and carrier, dock bookings by depot',
    // A POD asks which carrier carried the shipment, every tender counts the carrier's acceptances today, and Hub reads
    // a depot's bookings for each van: each of these read the whole day's tenders or bookings.
    sql: `
      CREATE INDEX tenders_by_shipment ON tenders (tenant, shipment_id);
      CREATE INDEX tenders_by_carrier ON tenders (tenant, carrier_id, status);
      CREATE INDEX dock_bookings_by_depot ON dock_bookings (tenant, depot_id, slot_start);
    `,
  },
];
