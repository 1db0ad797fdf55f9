/** CarrierPort: quotes, tenders and their answers, shipment status and carrier invoices. */
import { z } from 'zod';
import { Id, IsoTimestamp, Money, NonNegativeMoney } from '../domain/index.ts';
import type { PortOf } from './contract.ts';
import { IdempotencyKey, Scoped } from './shared.ts';

export const Quote = z.object({
  carrierId: Id,
  laneId: Id,
  amount: NonNegativeMoney,
  transitSeconds: z.number().int().nonnegative(),
  onTimeRate: z.number().min(0).max(1),
});
export type Quote = z.infer<typeof Quote>;

export const Tender = z.object({
  id: Id,
  carrierId: Id,
  shipmentId: Id,
  amount: NonNegativeMoney,
  pickupAt: IsoTimestamp,
  status: z.enum(['accepted', 'rejected', 'cancelled', 'delivered']),
  reason: z.string().optional(),
  createdAt: IsoTimestamp,
});
export type Tender = z.infer<typeof Tender>;

export const CarrierInvoice = z.object({
  id: Id,
  carrierId: Id,
  invoiceDate: IsoTimestamp,
  lines: z.array(z.object({ shipmentId: Id, chargeCode: z.string(), amount: Money })),
  total: Money,
  status: z.enum(['received', 'approved', 'disputed']),
  disputeReason: z.string().optional(),
});
export type CarrierInvoice = z.infer<typeof CarrierInvoice>;

export const carrierContract = {
  quote: {
    summary: 'prices a shipment with every carrier (or one) serving the lane',
    input: Scoped.extend({
      depotId: Id,
      zone: z.string().min(1),
      weightKg: z.number().positive('must be more than zero'),
      distanceM: z.number().int().nonnegative(),
      carrierId: Id.optional(),
    }),
    output: z.array(Quote),
  },
  tender: {
    summary: 'offers a shipment to a carrier, who accepts or rejects at once',
    input: Scoped.extend({
      carrierId: Id,
      shipmentId: Id,
      depotId: Id,
      zone: z.string().min(1),
      weightKg: z.number().positive(),
      amount: NonNegativeMoney,
      pickupAt: IsoTimestamp,
      idempotencyKey: IdempotencyKey,
    }),
    output: Tender,
  },
  cancelTender: {
    summary: 'withdraws an accepted tender',
    input: Scoped.extend({ tenderId: Id, reason: z.string().min(1).max(500) }),
    output: Tender,
  },
  getTender: { summary: 'one tender', input: Scoped.extend({ tenderId: Id }), output: Tender },
  getStatus: {
    summary: "a tendered shipment's latest status from its carrier",
    input: Scoped.extend({ shipmentId: Id }),
    output: z.object({ shipmentId: Id, carrierId: Id, tenderId: Id, amount: NonNegativeMoney, status: z.string(), at: IsoTimestamp }),
  },
  getInvoice: { summary: 'one carrier invoice', input: Scoped.extend({ invoiceId: Id }), output: CarrierInvoice },
  listInvoices: {
    summary: 'carrier invoices by carrier and status',
    input: Scoped.extend({ carrierId: Id.optional(), status: CarrierInvoice.shape.status.optional() }),
    output: z.array(CarrierInvoice),
  },
  answerInvoice: {
    summary: 'approves an invoice or disputes it with a reason',
    input: Scoped.extend({ invoiceId: Id, decision: z.enum(['approved', 'disputed']), reason: z.string().max(500).optional() }),
    output: CarrierInvoice,
  },
} as const;

export type CarrierPort = PortOf<typeof carrierContract>;
