/**
 * Each order's priority, kept in memory per tenant. Dispatch weighs every open shipment by its order's priority at
 * every pick wave, a thousand orders at mid-morning, while a wave writes a few: a look re-reads only those rows.
 */
import type { Order } from '../domain/index.ts';
import type { DocTable } from './documents.ts';
import { keptViews, rowChanges } from './row-changes.ts';
import type { Db } from './sqlite.ts';

/** The priority reader over a store's connection and its order table. */
export function orderPriorities(db: Db, table: DocTable<Order>): (tenant: string) => ReadonlyMap<string, number> {
  const one = db.prepare('SELECT priority FROM orders WHERE tenant = ? AND id = ?').pluck();
  const all = db.prepare('SELECT id, priority FROM orders WHERE tenant = ?');
  // A stored value that is not a number is read through the schema, which refuses it naming the field.
  const valueOf = (tenant: string, id: string, priority: unknown): number => (typeof priority === 'number' ? priority : table.require(tenant, id).priority);
  const read = (tenant: string): Map<string, number> =>
    new Map((all.all(tenant) as { id: string; priority: unknown }[]).map((r) => [r.id, valueOf(tenant, r.id, r.priority)]));
  return keptViews(read, [{
    changes: rowChanges(db, 'orders', 'priority'),
    update: (view, tenant, id) => {
      const priority = one.get(tenant, id);
      if (priority === undefined) view.delete(id);
      else view.set(id, valueOf(tenant, id, priority));
    },
  }]);
}
