/**
 * The shipments a plan still decides about (planned, ready, assigned), with the ETA each assigned one's customer was
 * given, kept in memory per tenant and depot. Dispatch reads a depot's open shipments at every pick wave, about a
 * thousand rows at mid-morning of which a wave changes a few: a look re-reads only the rows written since the last.
 */
import { type Shipment, type ShipmentStatus } from '../domain/index.ts';
import { type DocTable, listAll } from './documents.ts';
import { keptViews, rowChanges } from './row-changes.ts';
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
  /** The stored ETA (ISO-8601) of each shipment that has one, open or not. */
  eta: Map<string, string>;
}

/** The tenant's open shipments as of a look. */
export interface OpenView {
  /** Open shipments, of one depot when given, sorted by id. */
  list(depotId?: string): Shipment[];
  /** An open shipment; undefined when it is not open (or unknown). */
  get(id: string): Shipment | undefined;
  /** The depot of an open shipment; undefined when the shipment is not open (or unknown). */
  depotOf(id: string): string | undefined;
  /** The ETA a shipment's customer was given (ISO-8601), if any. */
  etaOf(id: string): string | undefined;
}

/** The open-shipment reader over a store's connection and its shipment table. */
export function openShipments(db: Db, table: DocTable<Shipment>): (tenant: string) => OpenView {
  const etaOf = db.prepare('SELECT eta FROM etas WHERE tenant = ? AND id = ?').pluck();
  const etasOf = db.prepare('SELECT id, eta FROM etas WHERE tenant = ?');

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
    const view: TenantView = { byDepot: new Map(), depotOf: new Map(), eta: new Map() };
    for (const status of OPEN_STATUSES) for (const s of listAll(table, tenant, { status })) place(view, s);
    for (const r of etasOf.all(tenant) as { id: string; eta: string }[]) view.eta.set(r.id, r.eta);
    return view;
  };
  const current = keptViews(read, [
    {
      changes: rowChanges(db, 'shipments', 'open'),
      update: (view, tenant, id) => {
        remove(view, id);
        const s = table.get(tenant, id);
        if (s && OPEN.has(s.status)) place(view, s);
      },
    },
    {
      changes: rowChanges(db, 'etas', 'open'),
      update: (view, tenant, id) => {
        const eta = etaOf.get(tenant, id) as string | undefined;
        if (eta === undefined) view.eta.delete(id);
        else view.eta.set(id, eta);
      },
    },
  ]);

  return (tenant) => {
    const view = current(tenant);
    return {
      list(depotId) {
        const depots = depotId === undefined ? [...view.byDepot.values()] : [view.byDepot.get(depotId) ?? new Map<string, Shipment>()];
        return depots.flatMap((d) => [...d.values()]).sort(byId);
      },
      get: (id) => {
        const depot = view.depotOf.get(id);
        return depot === undefined ? undefined : view.byDepot.get(depot)!.get(id);
      },
      depotOf: (id) => view.depotOf.get(id),
      etaOf: (id) => view.eta.get(id),
    };
  };
}
