/**
 * Each order's priority, kept in memory per tenant. Dispatch weighs every open shipment by its order's priority at
 * every pick wave, a thousand orders at mid-morning, while a wave writes a few: a look re-reads only those rows.
 */
import type { Order } from '../domain/index.ts';
import type { DocTable } from './documents.ts';
import { rowChanges } from './row-changes.ts';
import type { Db } from './sqlite.ts';

/** The priority reader over a store's connection and its order table. */
export function orderPriorities(db: Db, table: DocTable<Order>): (tenant: string) => ReadonlyMap<string, number> {
  const writes = rowChanges(db, 'orders', 'priority');
  const one = db.prepare('SELECT priority FROM orders WHERE tenant = ? AND id = ?').pluck();
  const all = db.prepare('SELECT id, priority FROM orders WHERE tenant = ?');
  let views = new Map<string, Map<string, number>>();
  // A stored value that is not a number is read through the schema, which refuses it naming the field.
  const valueOf = (tenant: string, id: string, priority: unknown): number => (typeof priority === 'number' ? priority : table.require(tenant, id).priority);
  const read = (tenant: string): Map<string, number> =>
    new Map((all.all(tenant) as { id: string; priority: unknown }[]).map((r) => [r.id, valueOf(tenant, r.id, r.priority)]));

  return (tenant) => {
    const changes = writes();
    if (changes.kind === 'unsettled') return read(tenant);
    if (changes.kind === 'all') views = new Map();
    else {
      for (const { tenant: t, id } of changes.keys) {
        const view = views.get(t);
        if (!view) continue;
        const priority = one.get(t, id);
        if (priority === undefined) view.delete(id);
        else view.set(id, valueOf(t, id, priority));
      }
    }
    let view = views.get(tenant);
    if (!view) views.set(tenant, (view = read(tenant)));
    return view;
  };
}
