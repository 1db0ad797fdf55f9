/**
 * The shipments a plan still decides about (planned, ready, assigned), kept in memory per tenant and depot. Dispatch
 * reads a depot's open shipments at every pick wave, about a thousand rows at mid-morning of which a wave changes a
 * few: temporary triggers note each shipment written on this connection, and a read brings only those up to date.
 */
import { type Shipment, type ShipmentStatus } from '../domain/index.ts';
import type { DocTable } from './documents.ts';
import type { Db } from './sqlite.ts';

/** Statuses the plan still decides about; tendered, loaded, delivered or failed shipments are out of its hands. */
export const OPEN_STATUSES: readonly ShipmentStatus[] = ['planned', 'ready', 'assigned'];
const OPEN = new Set<ShipmentStatus>(OPEN_STATUSES);
const byId = (a: Shipment, b: Shipment) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface TenantView {
  /** Open shipments by depot, then by id. */
  byDepot: Map<string, Map<string, Shipment>>;
  /** The depot of each open shipment. */
  depotOf: Map<string, string>;
}

/** The open-shipment reader over a store's connection and its shipment table. */
export function openShipments(db: Db, table: DocTable<Shipment>) {
  let ready = false;
  let seen = 0;
  let dataVersion = -1;
  let views = new Map<string, TenantView>();
  let written: { all: (after: number) => { seq: number; tenant: string; id: string }[]; drop: (upTo: number) => void };
  let version: () => number;
  const prepare = () => {
    // AUTOINCREMENT: the rows read are dropped, and a plain rowid would count again from the highest one left.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS shipment_writes (seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, id TEXT NOT NULL)');
    for (const [write, row] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']] as const) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS shipment_writes_${write.toLowerCase()} AFTER ${write} ON main.shipments
        BEGIN INSERT INTO temp.shipment_writes (tenant, id) VALUES (${row}.tenant, ${row}.id); END`);
    }
    // An update that changes a row's key leaves its old key behind as well.
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS shipment_writes_rekey AFTER UPDATE OF tenant, id ON main.shipments
      BEGIN INSERT INTO temp.shipment_writes (tenant, id) VALUES (OLD.tenant, OLD.id); END`);
    const all = db.prepare('SELECT seq, tenant, id FROM temp.shipment_writes WHERE seq > ? ORDER BY seq');
    const drop = db.prepare('DELETE FROM temp.shipment_writes WHERE seq <= ?');
    written = { all: (after) => all.all(after) as { seq: number; tenant: string; id: string }[], drop: (upTo) => drop.run(upTo) };
    const pragma = db.prepare('PRAGMA data_version').pluck();
    version = () => pragma.get() as number;
    ready = true;
  };
  const place = (view: TenantView, s: Shipment) => {
    let depot = view.byDepot.get(s.depotId);
    if (!depot) view.byDepot.set(s.depotId, (depot = new Map()));
    depot.set(s.id, s);
    view.depotOf.set(s.id, s.depotId);
  };
  const remove = (view: TenantView, id: string) => {
    const depot = view.depotOf.get(id);
    if (depot === undefined) return;
    view.byDepot.get(depot)!.delete(id);
    view.depotOf.delete(id);
  };
  const read = (tenant: string): TenantView => {
    const view: TenantView = { byDepot: new Map(), depotOf: new Map() };
    for (const status of OPEN_STATUSES) {
      let after: string | undefined;
      do {
        const page = table.list(tenant, { where: { status }, limit: 1000, after });
        for (const s of page.items) place(view, s);
        after = page.next;
      } while (after !== undefined);
    }
    return view;
  };
  /** The tenant's view, up to date with every committed write; read afresh inside a transaction, which may yet roll back. */
  const current = (tenant: string): TenantView => {
    if (!ready) prepare();
    if (db.inTransaction) return read(tenant);
    // Another connection wrote: its rows were not noted here, so everything is read again.
    const v = version();
    if (v !== dataVersion) {
      dataVersion = v;
      views = new Map();
    }
    const rows = written.all(seen);
    if (rows.length > 0) {
      for (const r of rows) {
        const view = views.get(r.tenant);
        if (!view) continue;
        remove(view, r.id);
        const s = table.get(r.tenant, r.id);
        if (s && OPEN.has(s.status)) place(view, s);
      }
      seen = rows[rows.length - 1]!.seq;
      // Dropping the noted rows is a write of this connection, which data_version does not count.
      written.drop(seen);
    }
    let view = views.get(tenant);
    if (!view) views.set(tenant, (view = read(tenant)));
    return view;
  };

  /** The tenant's open shipments as of now: its depots' lists and each open shipment's depot. */
  return (tenant: string) => {
    const view = current(tenant);
    return {
      /** Open shipments, of one depot when given, sorted by id. */
      list(depotId?: string): Shipment[] {
        const depots = depotId === undefined ? [...view.byDepot.values()] : [view.byDepot.get(depotId) ?? new Map<string, Shipment>()];
        return depots.flatMap((d) => [...d.values()]).sort(byId);
      },
      /** The depot of an open shipment; undefined when the shipment is not open (or unknown). */
      depotOf: (id: string): string | undefined => view.depotOf.get(id),
    };
  };
}

export type OpenShipments = ReturnType<typeof openShipments>;
