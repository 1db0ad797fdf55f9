/** Marshal's own dispatch state: tenants, open orders, shipments, vehicles, plan versions and ETAs. */
import type { Migration } from '../sqlite.ts';

export const dispatchState: Migration = {
  version: 1,
  name: 'dispatch-state',
  sql: `
    CREATE TABLE tenants (
      id TEXT PRIMARY KEY,
      doc TEXT NOT NULL
    ) STRICT;

    CREATE TABLE orders (
      tenant TEXT NOT NULL REFERENCES tenants(id),
      id TEXT NOT NULL,
      status TEXT NOT NULL,
      sla_tier TEXT NOT NULL,
      depot_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      doc TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (tenant, id)
    ) STRICT;
    CREATE INDEX orders_by_status ON orders (tenant, status, created_at);

    CREATE TABLE shipments (
      tenant TEXT NOT NULL REFERENCES tenants(id),
      id TEXT NOT NULL,
      status TEXT NOT NULL,
      depot_id TEXT NOT NULL,
      vehicle_id TEXT,
      doc TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (tenant, id)
    ) STRICT;
    CREATE INDEX shipments_by_vehicle ON shipments (tenant, vehicle_id);

    CREATE TABLE vehicles (
      tenant TEXT NOT NULL REFERENCES tenants(id),
      id TEXT NOT NULL,
      status TEXT NOT NULL,
      depot_id TEXT NOT NULL,
      doc TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (tenant, id)
    ) STRICT;

    CREATE TABLE plans (
      tenant TEXT NOT NULL REFERENCES tenants(id),
      version INTEGER NOT NULL,
      id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      doc TEXT NOT NULL,
      PRIMARY KEY (tenant, version)
    ) STRICT;

    -- id is the shipment id: one current ETA per shipment.
    CREATE TABLE etas (
      tenant TEXT NOT NULL REFERENCES tenants(id),
      id TEXT NOT NULL,
      vehicle_id TEXT,
      eta TEXT NOT NULL,
      doc TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (tenant, id)
    ) STRICT;
  `,
};
