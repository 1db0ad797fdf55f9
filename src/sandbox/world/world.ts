/** The sandbox world: one SQLite file that the simulated ERP, WMS, OMS, carriers, telematics and notify share. */
import type { z } from 'zod';
import { type Clock, createRng, NotFoundError, parseInput, systemClock, toIso } from '../../domain/index.ts';
import { type Db, openDatabase } from '../../store/index.ts';
import { WORLD_MIGRATIONS } from './schema.ts';
import { statement } from '../../store/index.ts';

export interface World {
  db: Db;
  clock: Clock;
  /** Now, as an ISO timestamp. */
  nowIso(): string;
  /** Throws NotFoundError naming `tenant` when the tenant is unknown. */
  requireTenant(tenant: string): void;
  /** Reads and validates the `doc` column of one row, or throws NotFoundError naming `field`. */
  requireDoc<S extends z.ZodType>(table: string, schema: S, tenant: string, id: string, field: string, what: string): z.output<S>;
  /** The next id of a kind (`tnd-000001`): deterministic, so a replayed day gets the same ids. */
  nextId(prefix: string): string;
  /** A seeded draw in [0, 1) that depends only on the world's seed and the label, never on call order. */
  draw(label: string): number;
  close(): void;
}

/** Opens (creating if needed) a sandbox world file; `file` may be `:memory:`. */
export function openWorld(file: string, options: { clock?: Clock } = {}): World {
  const db = openDatabase(file, WORLD_MIGRATIONS, 'sandbox world');
  const clock = options.clock ?? systemClock;
  const tenantRow = db.prepare('SELECT 1 FROM tenants WHERE id = ?');
  const tenants = new Set<string>();
  const meta = db.prepare('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  return {
    db,
    clock,
    nowIso: () => toIso(clock.now()),
    requireTenant(tenant) {
      if (tenants.has(tenant)) return;
      if (!tenantRow.get(tenant)) throw new NotFoundError('tenant', tenant);
      // Remembered once committed (the world never deletes a tenant): every read of a record checks its tenant.
      if (!db.inTransaction) tenants.add(tenant);
    },
    requireDoc(table, schema, tenant, id, field, what) {
      this.requireTenant(tenant);
      const row = statement(db, `SELECT doc FROM ${table} WHERE tenant = ? AND id = ?`).get(tenant, id) as { doc: string } | undefined;
      if (!row) throw new NotFoundError(field, id, what);
      return parseInput(schema, JSON.parse(row.doc), `stored ${what}`);
    },
    nextId(prefix) {
      const key = `seq:${prefix}`;
      const next = Number((meta.get(key) as { value: string } | undefined)?.value ?? '0') + 1;
      setMeta.run(key, String(next));
      return `${prefix}-${String(next).padStart(6, '0')}`;
    },
    draw(label) {
      const seed = Number((meta.get('seed') as { value: string } | undefined)?.value ?? '0');
      return createRng(`${seed}:${label}`).next();
    },
    close: () => db.close(),
  };
}

/** Reads a world meta value. */
export function getMeta(world: World, key: string): string | undefined {
  return (statement(world.db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Writes a world meta value. */
export function setMeta(world: World, key: string, value: string): void {
  statement(world.db, 'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
}
