/** What each action kind carries: the payload schema the outbox checks before it touches a system of record. */
import { z } from 'zod';
import type { ActionKind } from './action.ts';
import { Id, Load, TimeWindow } from './common.ts';
import { IsoTimestamp, Money, NonNegativeMoney } from './units.ts';

const SkuQty = z.object({ sku: Id, qty: z.number().int().positive() });
const reason = z.string().min(1).max(500);

export const ACTION_PAYLOADS = {
  'order.release': z.object({ orderId: Id, reason }),
  'order.hold': z.object({ orderId: Id, reason }),
  'order.split': z.object({ orderId: Id, shipNow: z.array(SkuQty).min(1), backorder: z.array(SkuQty).min(1), promisedBy: IsoTimestamp }),
  'order.backorder': z.object({ orderId: Id, lines: z.array(SkuQty).min(1), promisedBy: IsoTimestamp }),
  /** With an order and `promisedBy`, executing the transfer also moves the order's promise to when the stock can be picked. */
  'stock.transfer': z.object({
    orderId: Id.optional(), fromDepotId: Id, toDepotId: Id, sku: Id, qty: z.number().int().positive(), promisedBy: IsoTimestamp.optional(),
  }),
  'order.substitute': z.object({ orderId: Id, lineNo: z.number().int().positive(), fromSku: Id, sku: Id, qty: z.number().int().positive(), reason }),
  'promise.update': z.object({ orderId: Id, promisedBy: IsoTimestamp, reason }),
  'route.assign': z.object({ shipmentId: Id, vehicleId: Id, planVersion: z.number().int().nonnegative(), eta: IsoTimestamp }),
  'route.replan': z.object({ vehicleIds: z.array(Id).min(1), shipmentIds: z.array(Id), planVersion: z.number().int().nonnegative(), reason }),
  'carrier.tender': z.object({
    shipmentId: Id, carrierId: Id, depotId: Id, zone: z.string().min(1), weightKg: z.number().positive(), amount: NonNegativeMoney, pickupAt: IsoTimestamp,
  }),
  // With a bookingId, the van's existing booking is moved (its departure changed) or its shipments updated.
  'dock.assign': z.object({ depotId: Id, vehicleId: Id, door: z.number().int().positive().optional(), slot: TimeWindow, shipmentIds: z.array(Id), bookingId: Id.optional() }),
  'load.sequence': z.object({ vehicleId: Id, shipmentIds: z.array(Id).min(1), load: Load }),
  'customer.notify': z.object({
    customerId: Id, orderId: Id.optional(), channel: z.enum(['email', 'sms']),
    template: z.enum(['eta', 'delay', 'reschedule', 'delivered', 'failed_attempt', 'correction']), body: z.string().min(1).max(2000),
  }),
  'delivery.reschedule': z.object({ orderId: Id, shipmentId: Id, window: TimeWindow, reason }),
  /** Posting an invoice to the ERP: billing a customer after proof of delivery, or approving a carrier's invoice. */
  'invoice.post': z.discriminatedUnion('invoice', [
    z.object({
      invoice: z.literal('customer'), orderId: Id, shipmentId: Id, deliveredAt: IsoTimestamp, amount: NonNegativeMoney, freight: NonNegativeMoney,
      carrierId: Id.optional(),
    }),
    z.object({ invoice: z.literal('carrier'), invoiceId: Id, carrierId: Id, amount: Money }),
  ]),
  'invoice.dispute': z.object({ invoiceId: Id, carrierId: Id, overcharge: Money, reason }),
  'return.expect': z.object({ orderId: Id, shipmentId: Id.optional(), depotId: Id, lines: z.array(SkuQty).min(1), reason, expectedAt: IsoTimestamp }),
  'return.restock': z.object({ orderId: Id, depotId: Id, lines: z.array(SkuQty).min(1), condition: z.enum(['sellable', 'damaged']) }),
  'carrier.score': z.object({ carrierId: Id, onTime: z.boolean(), exceptionCode: z.string().max(50).optional(), shipmentId: Id.optional() }),
} as const satisfies Record<ActionKind, z.ZodType>;

export type ActionPayload<K extends ActionKind> = z.output<(typeof ACTION_PAYLOADS)[K]>;
