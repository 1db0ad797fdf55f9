/**
 * Plans are stored route by route. A plan version held every route of the tenant, a megabyte of JSON on a
 * 10,000-order day (issue 7), and a pick wave changes one or two of its 200 routes: a day wrote two gigabytes of
 * plan versions that were nearly all copies. A route's text is now stored once per tenant, under its SHA-256, and a
 * version lists its routes' row ids in order; its own document keeps everything else, with `routes` empty. Versions
 * stored before this (`route_ids` NULL) keep their routes in their document and read as before.
 */
import type { Migration } from '../sqlite.ts';

export const planRoutes: Migration = {
  version: 15,
  name: 'plan-routes',
  sql: `
    CREATE TABLE plan_routes (
      id INTEGER PRIMARY KEY,
      tenant TEXT NOT NULL REFERENCES tenants(id),
      hash TEXT NOT NULL,
      doc TEXT NOT NULL,
      UNIQUE (tenant, hash)
    ) STRICT;
    -- Versions share route rows: changing or removing one would change every version that lists it.
    CREATE TRIGGER plan_routes_no_update BEFORE UPDATE ON plan_routes
      BEGIN SELECT RAISE(ABORT, 'plan routes are written once and never changed'); END;
    CREATE TRIGGER plan_routes_no_delete BEFORE DELETE ON plan_routes
      BEGIN SELECT RAISE(ABORT, 'plan routes are written once and never removed'); END;
    ALTER TABLE plans ADD COLUMN route_ids TEXT;
  `,
};
