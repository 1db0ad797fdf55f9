/** The sandbox OMS: order intake, allocation against WMS stock, substitutions, promise dates and holds. */
import { ConflictError, NotFoundError, type Order } from '../../domain/index.ts';
import { guardPort, omsContract, type OmsPort } from '../../connectors/index.ts';
import { loadOfLines, requireCustomer, requireDepot, requireOrder, requireSku, saveOrder } from '../world/records.ts';
import { pickableQty, reservedFor, reserveQty } from '../world/stock.ts';
import type { World } from '../world/world.ts';
import { statement } from '../../store/index.ts';

/** Statuses from which an order may still be allocated. */
const ALLOCATABLE = new Set<Order['status']>(['created', 'released', 'backordered']);

/** Checks an incoming order against the world's master data and stores it. */
export function intakeOrder(world: World, order: Order): Order {
  world.requireTenant(order.tenant);
  requireCustomer(world, order.tenant, order.customerId, 'order.customerId');
  requireDepot(world, order.tenant, order.depotId, 'order.depotId');
  order.lines.forEach((l, i) => requireSku(world, order.tenant, l.sku, `order.lines.${i}.sku`));
  const exists = statement(world.db, 'SELECT 1 FROM orders WHERE tenant = ? AND id = ?').get(order.tenant, order.id);
  if (exists) throw new ConflictError('duplicate_order', 'order.id', `order '${order.id}' already exists`);
  return saveOrder(world, order);
}

/** The OMS port over a sandbox world. */
export function sandboxOms(world: World): OmsPort {
  const db = world.db;
  return guardPort('oms', omsContract, {
    createOrder: ({ order }) => db.transaction(() => intakeOrder(world, order))(),
    getOrder: ({ tenant, orderId }) => requireOrder(world, tenant, orderId),
    listOrders({ tenant, status, createdBefore, limit, after }) {
      world.requireTenant(tenant);
      const rows = db
        .prepare(
          `SELECT doc FROM orders WHERE tenant = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR created_at <= ?)
           AND (? IS NULL OR id > ?) ORDER BY id LIMIT ?`,
        )
        .all(tenant, status ?? null, status ?? null, createdBefore ?? null, createdBefore ?? null, after ?? null, after ?? null, limit + 1) as {
        doc: string;
      }[];
      const orders = rows.slice(0, limit).map((r) => JSON.parse(r.doc) as Order);
      const last = orders[orders.length - 1];
      return rows.length > limit && last ? { orders, next: last.id } : { orders };
    },
    allocate({ tenant, orderId }) {
      return db.transaction(() => {
        const order = requireOrder(world, tenant, orderId);
        if (order.status === 'held') throw new ConflictError('order_held', 'orderId', `order '${orderId}' is on hold`);
        if (!ALLOCATABLE.has(order.status) && order.status !== 'allocated') {
          throw new ConflictError('not_allocatable', 'orderId', `order '${orderId}' is ${order.status}`);
        }
        const lines = order.lines.map((line) => {
          const already = reservedFor(world, tenant, orderId, line.sku);
          const more = Math.max(0, line.qty - already);
          const got = more > 0 ? reserveQty(world, tenant, order.depotId, orderId, line.sku, more) : 0;
          return { lineNo: line.lineNo, sku: line.sku, qty: line.qty, allocated: already + got };
        });
        const complete = lines.every((l) => l.allocated >= l.qty);
        if (complete) saveOrder(world, { ...order, status: 'allocated' });
        return { orderId, depotId: order.depotId, lines, complete };
      })();
    },
    getSubstitutes({ tenant, sku, depotId }) {
      const master = requireSku(world, tenant, sku);
      requireDepot(world, tenant, depotId);
      return master.substitutes.map((s, i) => ({ sku: s, rank: i + 1, pickable: pickableQty(world, tenant, depotId, s) }));
    },
    substitute({ tenant, orderId, lineNo, sku }) {
      return db.transaction(() => {
        const order = requireOrder(world, tenant, orderId);
        const line = order.lines.find((l) => l.lineNo === lineNo);
        if (!line) throw new NotFoundError('lineNo', String(lineNo), 'order line');
        requireSku(world, tenant, sku);
        const allowed = requireSku(world, tenant, line.sku).substitutes;
        if (!allowed.includes(sku)) {
          throw new ConflictError('not_a_substitute', 'sku', `'${sku}' is not an allowed substitute for '${line.sku}' (allowed: ${allowed.join(', ') || 'none'})`);
        }
        const lines = order.lines.map((l) => (l.lineNo === lineNo ? { ...l, sku } : l));
        return saveOrder(world, { ...order, lines, load: loadOfLines(world, tenant, lines) });
      })();
    },
    setPromise({ tenant, orderId, promisedBy }) {
      const order = requireOrder(world, tenant, orderId);
      return saveOrder(world, { ...order, promisedBy });
    },
    setHold({ tenant, orderId, hold, reason }) {
      const order = requireOrder(world, tenant, orderId);
      if (hold) {
        if (!ALLOCATABLE.has(order.status) && order.status !== 'allocated') {
          throw new ConflictError('not_holdable', 'orderId', `order '${orderId}' is ${order.status} and can no longer be held`);
        }
        return saveOrder(world, { ...order, status: 'held', notes: appendNote(order.notes, `held: ${reason}`) });
      }
      if (order.status !== 'held') throw new ConflictError('not_held', 'orderId', `order '${orderId}' is ${order.status}, not held`);
      return saveOrder(world, { ...order, status: 'released', notes: appendNote(order.notes, `released: ${reason}`) });
    },
  });
}

function appendNote(notes: string | undefined, line: string): string {
  return (notes ? `${notes}\n${line}` : line).slice(-2000);
}
