/** Bin-level stock moves the WMS, OMS and ERP share: reserve, release, take and put. */
import { ConflictError } from '../../domain/index.ts';
import type { World } from './world.ts';

interface BinRow {
  bin: string;
  on_hand: number;
  reserved: number;
}

/** Units of a SKU that can be picked now at a depot: unreserved stock in pickable bins not locked for counting. */
export function pickableQty(world: World, tenant: string, depotId: string, sku: string): number {
  const row = world.db
    .prepare(
      `SELECT coalesce(sum(on_hand - reserved), 0) AS n FROM stock
       WHERE tenant = ? AND depot_id = ? AND sku = ? AND count_locked = 0 AND pickable = 1`,
    )
    .get(tenant, depotId, sku) as { n: number };
  return row.n;
}

function pickableBins(world: World, tenant: string, depotId: string, sku: string): BinRow[] {
  return world.db
    .prepare(
      `SELECT bin, on_hand, reserved FROM stock WHERE tenant = ? AND depot_id = ? AND sku = ?
       AND count_locked = 0 AND pickable = 1 AND on_hand > reserved ORDER BY bin`,
    )
    .all(tenant, depotId, sku) as BinRow[];
}

/** Reserves up to `qty` units for an order, bin by bin in bin order; returns how many were reserved. */
export function reserveQty(world: World, tenant: string, depotId: string, orderId: string, sku: string, qty: number): number {
  let left = qty;
  for (const bin of pickableBins(world, tenant, depotId, sku)) {
    if (left === 0) break;
    const take = Math.min(left, bin.on_hand - bin.reserved);
    world.db.prepare('UPDATE stock SET reserved = reserved + ? WHERE tenant = ? AND depot_id = ? AND sku = ? AND bin = ?')
      .run(take, tenant, depotId, sku, bin.bin);
    world.db
      .prepare(
        `INSERT INTO reservations (tenant, order_id, depot_id, sku, bin, qty) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant, order_id, sku, bin) DO UPDATE SET qty = qty + excluded.qty`,
      )
      .run(tenant, orderId, depotId, sku, bin.bin, take);
    left -= take;
  }
  return qty - left;
}

/** Units of a SKU already reserved for an order. */
export function reservedFor(world: World, tenant: string, orderId: string, sku: string): number {
  const row = world.db
    .prepare('SELECT coalesce(sum(qty), 0) AS n FROM reservations WHERE tenant = ? AND order_id = ? AND sku = ?')
    .get(tenant, orderId, sku) as { n: number };
  return row.n;
}

/** Takes `qty` unreserved units out of pickable bins (a transfer out); all or nothing. */
export function takeQty(world: World, tenant: string, depotId: string, sku: string, qty: number): void {
  const available = pickableQty(world, tenant, depotId, sku);
  if (available < qty) throw new ConflictError('insufficient_stock', 'qty', `only ${available} of ${sku} can be picked at ${depotId}, ${qty} asked`);
  let left = qty;
  for (const bin of pickableBins(world, tenant, depotId, sku)) {
    const take = Math.min(left, bin.on_hand - bin.reserved);
    world.db.prepare('UPDATE stock SET on_hand = on_hand - ? WHERE tenant = ? AND depot_id = ? AND sku = ? AND bin = ?')
      .run(take, tenant, depotId, sku, bin.bin);
    left -= take;
    if (left === 0) break;
  }
}

/** Adds units to a bin, creating it when new; `pickable` false keeps them out of picking (quarantine). */
export function putQty(world: World, tenant: string, depotId: string, sku: string, bin: string, qty: number, pickable = true): void {
  world.db
    .prepare(
      `INSERT INTO stock (tenant, depot_id, sku, bin, on_hand, reserved, count_locked, pickable) VALUES (?, ?, ?, ?, ?, 0, 0, ?)
       ON CONFLICT (tenant, depot_id, sku, bin) DO UPDATE SET on_hand = on_hand + excluded.on_hand`,
    )
    .run(tenant, depotId, sku, bin, qty, pickable ? 1 : 0);
}
