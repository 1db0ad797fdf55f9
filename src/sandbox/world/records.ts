/** Reading and writing the master records and orders of the world, validated on the way in and out. */
import { Customer, Depot, type Order, Order as OrderSchema, Sku } from '../../domain/index.ts';
import type { World } from './world.ts';

/** The depot, or NotFoundError naming `depotId`. */
export function requireDepot(world: World, tenant: string, depotId: string, field = 'depotId'): Depot {
  return world.requireDoc('depots', Depot, tenant, depotId, field, 'depot');
}

/** The SKU, or NotFoundError naming `sku`. */
export function requireSku(world: World, tenant: string, sku: string, field = 'sku'): Sku {
  return world.requireDoc('skus', Sku, tenant, sku, field, 'SKU');
}

/** The customer, or NotFoundError naming `customerId`. */
export function requireCustomer(world: World, tenant: string, customerId: string, field = 'customerId'): Customer {
  return world.requireDoc('customers', Customer, tenant, customerId, field, 'customer');
}

/** The OMS order, or NotFoundError naming `orderId`. */
export function requireOrder(world: World, tenant: string, orderId: string, field = 'orderId'): Order {
  return world.requireDoc('orders', OrderSchema, tenant, orderId, field, 'order');
}

/** Stores an order (insert or update) after validating it. */
export function saveOrder(world: World, order: Order): Order {
  const valid = OrderSchema.parse(order);
  world.db
    .prepare('INSERT OR REPLACE INTO orders (tenant, id, status, created_at, doc) VALUES (?, ?, ?, ?, ?)')
    .run(valid.tenant, valid.id, valid.status, valid.createdAt, JSON.stringify(valid));
  return valid;
}

/** Load of some lines from the SKU master: weight and volume add up; pallets are filled per SKU and rounded up. */
export function loadOfLines(world: World, tenant: string, lines: readonly { sku: string; qty: number }[]): Order['load'] {
  let weightKg = 0;
  let volumeM3 = 0;
  let pallets = 0;
  lines.forEach((line, i) => {
    const sku = requireSku(world, tenant, line.sku, `lines.${i}.sku`);
    weightKg += sku.unitWeightKg * line.qty;
    volumeM3 += sku.unitVolumeM3 * line.qty;
    pallets += Math.ceil(line.qty / sku.unitsPerPallet);
  });
  return { weightKg: round3(weightKg), volumeM3: round3(volumeM3), pallets };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
