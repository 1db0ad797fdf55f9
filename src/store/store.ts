/** Marshal's dispatch store: one SQLite file holding tenants, open orders, shipments, vehicles, plans and ETAs. */
import { type Clock, Eta, NotFoundError, opensAt, Order, parseInput, Shipment, systemClock, Tenant, Vehicle } from '../domain/index.ts';
import { plansRepository } from './plans.ts';
import { docTable } from './documents.ts';
import { movedSince, shipmentStates, staleEtas } from './shipment-states.ts';
import { dispatchChanges } from './dispatch-changes.ts';
import { openShipments } from './open-shipments.ts';
import { orderPriorities } from './order-priorities.ts';
import { dispatchState } from './migrations/001-dispatch-state.ts';
import { decisionLog } from './migrations/002-decision-log.ts';
import { governance } from './migrations/003-governance.ts';
import { inbox } from './migrations/004-inbox.ts';
import { outboxResult } from './migrations/005-outbox-result.ts';
import { graphLinks } from './migrations/006-graph-links.ts';
import { apiKeys } from './migrations/007-api-keys.ts';
import { webhookSecrets } from './migrations/008-webhook-secrets.ts';
import { carrierScores as carrierScoresMigration } from './migrations/009-carrier-scores.ts';
import { decisionLogColumns } from './migrations/010-decision-log-columns.ts';
import { orderDemandColumns } from './migrations/011-order-demand-columns.ts';
import { shipmentsByStatus } from './migrations/012-shipments-by-status.ts';
import { shipmentOpensAt } from './migrations/013-shipment-opens-at.ts';
import { orderPriority } from './migrations/014-order-priority.ts';
import { planRoutes } from './migrations/015-plan-routes.ts';
import { orderDemandIds } from './migrations/016-order-demand-ids.ts';
import { carrierScores } from './carrier-scores.ts';
import { type Migration, openDatabase } from './sqlite.ts';
import { type BackgroundCheckpointOptions, startBackgroundCheckpoint } from './background-checkpoint.ts';

/** Marshal's migrations, in order; later issues append. */
export const STORE_MIGRATIONS: readonly Migration[] = [dispatchState, decisionLog, governance, inbox, outboxResult, graphLinks, apiKeys, webhookSecrets, carrierScoresMigration,
  decisionLogColumns, orderDemandColumns, shipmentsByStatus, shipmentOpensAt, orderPriority, planRoutes, orderDemandIds];

const EtaDoc = Eta.transform((e) => ({ ...e, id: e.shipmentId }));

export interface StoreOptions {
  clock?: Clock;
  migrations?: readonly Migration[];
  /** Checkpoint the WAL on a worker thread (servers and long runs), so commits never stop to copy and sync. */
  backgroundCheckpoint?: boolean | BackgroundCheckpointOptions;
}

/** Opens the dispatch store; `file` may be `:memory:`. */
export function openStore(file: string, options: StoreOptions = {}) {
  const clock = options.clock ?? systemClock;
  const db = openDatabase(file, options.migrations ?? STORE_MIGRATIONS, 'Marshal store');
  const wanted = options.backgroundCheckpoint;
  const checkpointer = wanted && file !== ':memory:' ? startBackgroundCheckpoint(db, file, wanted === true ? {} : wanted) : undefined;
  const tenantRow = db.prepare('SELECT doc FROM tenants WHERE id = ?');
  const orders = docTable(db, clock, {
    table: 'orders',
    what: 'order',
    schema: Order,
    columns: {
      status: (o) => o.status,
      sla_tier: (o) => o.slaTier,
      depot_id: (o) => o.depotId,
      created_at: (o) => o.createdAt,
      // What Capacity's fleet-against-demand check sums (migration 11).
      due_date: (o) => o.windows[0]?.start.slice(0, 10) ?? null,
      weight_kg: (o) => o.load.weightKg,
      volume_m3: (o) => o.load.volumeM3,
      pallets: (o) => o.load.pallets,
      // What Dispatch weighs each open shipment by (migration 14).
      priority: (o) => o.priority,
    },
  });
  const shipments = docTable(db, clock, {
    table: 'shipments',
    what: 'shipment',
    schema: Shipment,
    columns: {
      status: (s) => s.status, depot_id: (s) => s.depotId, vehicle_id: (s) => s.vehicleId ?? null,
      opens_at: (s) => opensAt(s),
    },
  });
  const open = openShipments(db, shipments);
  return {
    db,
    clock,
    tenants: {
      put(input: unknown): Tenant {
        const t = parseInput(Tenant, input, 'tenant');
        db.prepare('INSERT OR REPLACE INTO tenants (id, doc) VALUES (?, ?)').run(t.id, JSON.stringify(t));
        return t;
      },
      /** The tenant, or an error naming `tenant` when it is unknown. */
      require(id: string): Tenant {
        const row = tenantRow.get(id) as { doc: string } | undefined;
        if (!row) throw new NotFoundError('tenant', id);
        return parseInput(Tenant, JSON.parse(row.doc), 'stored tenant');
      },
      list(): Tenant[] {
        const rows = db.prepare('SELECT doc FROM tenants ORDER BY id').all() as { doc: string }[];
        return rows.map((r) => parseInput(Tenant, JSON.parse(r.doc), 'stored tenant'));
      },
    },
    orders,
    shipments,
    /** The tenant's open shipments (planned, ready, assigned) as of now, by depot: kept in memory, brought up to date at each look. */
    openShipments: open,
    /** Every order's priority, as of now: kept in memory, brought up to date at each look. */
    orderPriorities: orderPriorities(db, orders),
    vehicles: docTable(db, clock, {
      table: 'vehicles',
      what: 'vehicle',
      schema: Vehicle,
      columns: { status: (v) => v.status, depot_id: (v) => v.depotId },
    }),
    etas: docTable(db, clock, {
      table: 'etas',
      what: 'eta',
      schema: EtaDoc,
      columns: { vehicle_id: (e) => e.vehicleId ?? null, eta: (e) => e.eta },
    }),
    plans: plansRepository(db),
    /** Status, van and ETA of shipments by id, from indexed columns (no document parsed). */
    shipmentStates: shipmentStates(db),
    /** Shipments on these planned stops whose van is the plan's and whose stored ETA is not (from the open-shipment view). */
    staleEtas: staleEtas(open),
    /** Shipments of a plan version that moved since as a customer would notice: placed on a van, retimed, or off their van. */
    movedSince: movedSince(open),
    /** A token that changes whenever a shipment or an ETA is written (by any SQL, on any connection). */
    dispatchChanges: dispatchChanges(db),
    carrierScores: carrierScores(db, clock),
    /** Runs `fn` in one transaction: all of it is stored, or none. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    /** The WAL checkpointing thread, when the store was opened with one. */
    checkpointer,
    close(): void {
      db.close();
      void checkpointer?.stop();
    },
  };
}

export type Store = ReturnType<typeof openStore>;
