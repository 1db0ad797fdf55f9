/** CloudEvents 1.0 envelope and the data schema of every event type Marshal listens to. */
import { z } from 'zod';
import { Id, Load, Location } from './common.ts';
import { parseInput } from './errors.ts';
import { Order, SlaTier } from './order.ts';
import { IsoTimestamp, Money } from './units.ts';

const Qty = z.number().int('must be a whole number of units').positive('must be more than zero');
const SkuQty = z.object({ sku: Id, qty: Qty });

/** Data schema per event type; the type names are dotted, system first. */
export const EVENT_DATA = {
  'oms.order.created': z.object({ order: Order }),
  'erp.order.priority_changed': z.object({
    orderId: Id,
    slaTier: SlaTier.optional(),
    priority: z.number().int().min(0).max(100),
    reason: z.string().max(500).optional(),
  }),
  'erp.inventory.posted': z.object({
    depotId: Id,
    sku: Id,
    /** Signed: a receipt is positive, a write-off negative. */
    qtyDelta: z.number().int().refine((q) => q !== 0, 'must not be zero'),
    kind: z.enum(['receipt', 'adjustment', 'transfer_in', 'transfer_out', 'write_off']),
    reference: z.string().max(200).optional(),
  }),
  'wms.pick.completed': z.object({
    orderId: Id,
    shipmentId: Id,
    depotId: Id,
    load: Load,
    completedAt: IsoTimestamp,
    shortLines: z.array(z.object({ sku: Id, requested: Qty, picked: z.number().int().nonnegative() })).default([]),
  }),
  'wms.task.exception': z.object({
    taskId: Id,
    orderId: Id,
    depotId: Id,
    sku: Id,
    kind: z.enum(['short_pick', 'stock_out', 'damaged', 'location_blocked']),
    expectedQty: Qty,
    foundQty: z.number().int().nonnegative(),
  }),
  'telematics.vehicle.down': z.object({
    vehicleId: Id,
    at: IsoTimestamp,
    location: Location,
    reason: z.enum(['breakdown', 'accident', 'driver_unavailable', 'reefer_failure']),
    expectedBackAt: IsoTimestamp.optional(),
  }),
  'telematics.position': z.object({
    vehicleId: Id,
    at: IsoTimestamp,
    location: Location,
    speedKph: z.number().nonnegative(),
  }),
  'driver.delivery.failed': z.object({
    shipmentId: Id,
    orderId: Id,
    vehicleId: Id.optional(),
    at: IsoTimestamp,
    reasonCode: z.enum(['not_home', 'address_not_found', 'refused', 'damaged', 'access_denied', 'closed']),
    note: z.string().max(2000).optional(),
  }),
  'driver.pod.captured': z.object({
    shipmentId: Id,
    orderId: Id,
    vehicleId: Id.optional(),
    carrierId: Id.optional(),
    deliveredAt: IsoTimestamp,
    signedBy: z.string().min(1).max(200),
    lines: z.array(SkuQty).default([]),
  }),
  'driver.return.initiated': z.object({
    orderId: Id,
    shipmentId: Id.optional(),
    depotId: Id,
    lines: z.array(SkuQty).min(1, 'a return needs at least one line'),
    reason: z.enum(['refused', 'damaged', 'failed_delivery', 'customer_return']),
  }),
  'carrier.tender.rejected': z.object({
    tenderId: Id,
    carrierId: Id,
    shipmentId: Id,
    reason: z.string().max(500),
  }),
  'carrier.status': z.object({
    carrierId: Id,
    shipmentId: Id,
    status: z.enum(['picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception']),
    at: IsoTimestamp,
    exceptionCode: z.string().max(50).optional(),
    eta: IsoTimestamp.optional(),
  }),
  'carrier.invoice.received': z.object({
    invoiceId: Id,
    carrierId: Id,
    invoiceDate: IsoTimestamp,
    lines: z
      .array(z.object({ shipmentId: Id, chargeCode: z.string().min(1).max(20), amount: Money }))
      .min(1, 'an invoice needs at least one line'),
    total: Money,
  }),
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];
export const EventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

/** The CloudEvents 1.0 attributes, plus Marshal's `tenant` extension. */
export const CloudEventEnvelope = z.object({
  specversion: z.literal('1.0', { message: "must be '1.0'" }),
  id: z.string().min(1, 'must not be empty').max(200),
  source: z.string().min(1, 'must not be empty'),
  type: EventTypeSchema,
  time: IsoTimestamp,
  subject: z.string().max(200).optional(),
  datacontenttype: z.literal('application/json').optional(),
  tenant: Id,
  data: z.unknown(),
});

export type EventData<T extends EventType> = z.output<(typeof EVENT_DATA)[T]>;

/** A validated event whose `data` matches its `type`. */
export type MarshalEvent = {
  [T in EventType]: Omit<z.output<typeof CloudEventEnvelope>, 'type' | 'data'> & { type: T; data: EventData<T> };
}[EventType];

// Built once: wrapping `data` makes issue paths read `data.order.id`; building it per event cost ~70 µs.
const DATA_OF = Object.fromEntries(Object.entries(EVENT_DATA).map(([type, schema]) => [type, z.object({ data: schema })])) as {
  [K in EventType]: z.ZodObject<{ data: (typeof EVENT_DATA)[K] }>;
};

/** Validates a CloudEvent and its data; throws an InputError naming every bad field (`data.order.lines.0.qty`). */
export function parseEvent(raw: unknown): MarshalEvent {
  const envelope = parseInput(CloudEventEnvelope, raw, 'event');
  const data = parseInput(DATA_OF[envelope.type], { data: envelope.data }, 'event');
  return { ...envelope, data: data.data } as MarshalEvent;
}
