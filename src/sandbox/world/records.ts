/** Reading and writing the master records and orders of the world, validated on the way in and out. */
import { Customer, Depot, loadOfLines as domainLoadOfLines, type Order, Order as OrderSchema, Sku } from '../../domain/index.ts';
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

/** Load of some lines from the SKU master; an unknown SKU is an error naming the line. */
export function loadOfLines(world: World, tenant: string, lines: readonly { sku: string; qty: number }[]): Order['load'] {
  return domainLoadOfLines(lines, (sku, i) => requireSku(world, tenant, sku, `lines.${i}.sku`));
}
