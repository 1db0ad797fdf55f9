/** ErpPort: orders with customer terms, credit, book and in-transit stock, and financial postings. */
import { z } from 'zod';
import { Customer, Id, IsoTimestamp, Money, NonNegativeMoney, Order } from '../domain/index.ts';
import type { PortOf } from './contract.ts';
import { IdempotencyKey, Scoped } from './shared.ts';

export const CustomerTerms = z.object({
  customerId: Id,
  creditLimit: NonNegativeMoney,
  balance: NonNegativeMoney,
  paymentTermsDays: z.number().int().nonnegative(),
  onHold: z.boolean(),
  holdReason: z.string().optional(),
});
export type CustomerTerms = z.infer<typeof CustomerTerms>;

export const InTransit = z.object({
  id: Id,
  sku: Id,
  fromDepotId: Id.optional(),
  toDepotId: Id,
  qty: z.number().int().positive(),
  eta: IsoTimestamp,
  status: z.enum(['in_transit', 'received']),
});
export type InTransit = z.infer<typeof InTransit>;

/** What Marshal books in the ERP. */
export const PostingBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delivery_confirmation'), orderId: Id, shipmentId: Id, deliveredAt: IsoTimestamp }),
  z.object({ type: z.literal('freight_accrual'), shipmentId: Id, carrierId: Id.optional(), amount: NonNegativeMoney }),
  z.object({ type: z.literal('customer_invoice'), orderId: Id, amount: NonNegativeMoney }),
  z.object({ type: z.literal('backorder'), orderId: Id, sku: Id, qty: z.number().int().positive(), promisedBy: IsoTimestamp }),
  z.object({
    type: z.literal('carrier_invoice'),
    invoiceId: Id,
    carrierId: Id,
    amount: Money,
    decision: z.enum(['approved', 'disputed']),
  }),
]);
export type PostingBody = z.infer<typeof PostingBody>;

export const Posting = z.object({ id: Id, postedAt: IsoTimestamp, idempotencyKey: z.string(), body: PostingBody });
export type Posting = z.infer<typeof Posting>;

export const erpContract = {
  getCustomer: {
    summary: 'the customer master record: address, zone, receiving hours, contacts',
    input: Scoped.extend({ customerId: Id }),
    output: Customer,
  },
  getOrder: {
    summary: 'an order as the ERP books it, with the customer terms',
    input: Scoped.extend({ orderId: Id }),
    output: z.object({ order: Order, terms: CustomerTerms }),
  },
  checkCredit: {
    summary: 'whether a customer may take on an amount more',
    input: Scoped.extend({ customerId: Id, amount: NonNegativeMoney }),
    output: z.object({ ok: z.boolean(), available: Money, reason: z.string().optional() }),
  },
  setCreditHold: {
    summary: 'puts a customer on credit hold, or lifts it',
    input: Scoped.extend({ customerId: Id, onHold: z.boolean(), reason: z.string().min(1).max(500) }),
    output: CustomerTerms,
  },
  getBookStock: {
    summary: 'book stock per depot for a SKU (includes bins locked for counting)',
    input: Scoped.extend({ sku: Id, depotId: Id.optional() }),
    output: z.array(z.object({ depotId: Id, sku: Id, qty: z.number().int().nonnegative() })),
  },
  getInTransit: {
    summary: 'stock on its way to a depot',
    input: Scoped.extend({ sku: Id.optional(), toDepotId: Id.optional() }),
    output: z.array(InTransit),
  },
  post: {
    summary: 'books a posting once per idempotency key',
    input: Scoped.extend({ idempotencyKey: IdempotencyKey, body: PostingBody }),
    output: z.object({ posting: Posting, duplicate: z.boolean() }),
  },
  listPostings: {
    summary: 'postings, newest last, by order, shipment or type',
    input: Scoped.extend({
      orderId: Id.optional(),
      shipmentId: Id.optional(),
      type: z.enum(['delivery_confirmation', 'freight_accrual', 'customer_invoice', 'backorder', 'carrier_invoice']).optional(),
    }),
    output: z.array(Posting),
  },
} as const;

export type ErpPort = PortOf<typeof erpContract>;
