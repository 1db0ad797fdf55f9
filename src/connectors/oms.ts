/** OmsPort: orders, allocation, substitution rules, promise dates and holds. */
import { z } from 'zod';
import { Id, IsoTimestamp, Order, OrderStatus } from '../domain/index.ts';
import type { PortOf } from './contract.ts';
import { Scoped } from './shared.ts';

export const Allocation = z.object({
  orderId: Id,
  depotId: Id,
  lines: z.array(z.object({ lineNo: z.number().int().positive(), sku: Id, qty: z.number().int().positive(), allocated: z.number().int().nonnegative() })),
  complete: z.boolean(),
});
export type Allocation = z.infer<typeof Allocation>;

export const omsContract = {
  createOrder: {
    summary: 'takes a new order in',
    input: z.object({ order: Order }),
    output: Order,
  },
  getOrder: {
    summary: 'one order as the OMS holds it',
    input: Scoped.extend({ orderId: Id }),
    output: Order,
  },
  listOrders: {
    summary: 'orders by status and creation time, paged by id',
    input: Scoped.extend({
      status: OrderStatus.optional(),
      createdBefore: IsoTimestamp.optional(),
      limit: z.number().int().min(1).max(1000).default(100),
      after: Id.optional(),
    }),
    output: z.object({ orders: z.array(Order), next: Id.optional() }),
  },
  allocate: {
    summary: "allocates an order's lines from its depot's pickable stock (reserving it in the WMS)",
    input: Scoped.extend({ orderId: Id }),
    output: Allocation,
  },
  getSubstitutes: {
    summary: 'the SKUs allowed to replace a SKU, best first, with their pickable stock at a depot',
    input: Scoped.extend({ sku: Id, depotId: Id }),
    output: z.array(z.object({ sku: Id, rank: z.number().int().positive(), pickable: z.number().int().nonnegative() })),
  },
  substitute: {
    summary: 'replaces the SKU of an order line by an allowed substitute',
    input: Scoped.extend({ orderId: Id, lineNo: z.number().int().positive(), sku: Id }),
    output: Order,
  },
  setPromise: {
    summary: 'sets the date the customer is promised',
    input: Scoped.extend({ orderId: Id, promisedBy: IsoTimestamp, reason: z.string().min(1).max(500) }),
    output: Order,
  },
  setHold: {
    summary: 'holds an order with a reason, or releases it',
    input: Scoped.extend({ orderId: Id, hold: z.boolean(), reason: z.string().min(1).max(500) }),
    output: Order,
  },
} as const;

export type OmsPort = PortOf<typeof omsContract>;
