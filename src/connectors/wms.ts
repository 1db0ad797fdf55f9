/** WmsPort: pickable stock by bin, reservations, waves and pick tasks, dock doors, returns and transfers. */
import { z } from 'zod';
import { Depot, Id, IsoTimestamp, StockLevel, TimeWindow } from '../domain/index.ts';
import type { PortOf } from './contract.ts';
import { InTransit } from './erp.ts';
import { IdempotencyKey, Scoped } from './shared.ts';

const Qty = z.number().int('must be a whole number of units').positive('must be more than zero');
const SkuQty = z.object({ sku: Id, qty: Qty });

export const PickTask = z.object({
  id: Id,
  waveId: Id,
  orderId: Id,
  depotId: Id,
  sku: Id,
  bin: z.string(),
  qty: Qty,
  picked: z.number().int().nonnegative(),
  status: z.enum(['open', 'done', 'short']),
  completedAt: IsoTimestamp.optional(),
});
export type PickTask = z.infer<typeof PickTask>;

export const DockBooking = z.object({
  id: Id,
  depotId: Id,
  door: z.number().int().positive(),
  vehicleId: Id,
  slot: TimeWindow,
  shipmentIds: z.array(Id),
});
export type DockBooking = z.infer<typeof DockBooking>;

/** Goods announced as coming back to a depot (a failed delivery on its way back), until the dock receives them. */
export const ExpectedReturn = z.object({
  id: Id,
  depotId: Id,
  orderId: Id,
  shipmentId: Id.optional(),
  lines: z.array(SkuQty).min(1),
  reason: z.string().min(1).max(500),
  expectedAt: IsoTimestamp,
  status: z.enum(['expected', 'received']),
});
export type ExpectedReturn = z.infer<typeof ExpectedReturn>;

export const wmsContract = {
  getDepot: {
    summary: 'a depot: where it is, its hours and dock doors',
    input: Scoped.extend({ depotId: Id }),
    output: Depot,
  },
  listDepots: {
    summary: "the tenant's depots, by id",
    input: Scoped,
    output: z.array(Depot),
  },
  getPickableStock: {
    summary: 'stock of a SKU at a depot by bin, and how much can be picked now',
    input: Scoped.extend({ depotId: Id, sku: Id }),
    output: z.object({ bins: z.array(StockLevel), pickable: z.number().int().nonnegative() }),
  },
  reserve: {
    summary: "reserves an order's lines in pickable bins; what cannot be reserved comes back as short",
    input: Scoped.extend({ depotId: Id, orderId: Id, lines: z.array(SkuQty).min(1) }),
    output: z.object({ reserved: z.array(SkuQty), short: z.array(SkuQty) }),
  },
  releaseWave: {
    summary: 'turns the reservations of some orders into pick tasks',
    input: Scoped.extend({ depotId: Id, orderIds: z.array(Id).min(1, 'a wave needs at least one order') }),
    output: z.object({ waveId: Id, tasks: z.array(PickTask) }),
  },
  listTasks: {
    summary: 'pick tasks by wave, order or status',
    input: Scoped.extend({ waveId: Id.optional(), orderId: Id.optional(), status: PickTask.shape.status.optional() }),
    output: z.array(PickTask),
  },
  completePick: {
    summary: 'confirms a pick: stock leaves the bin; fewer than asked marks the task short',
    input: Scoped.extend({ taskId: Id, picked: z.number().int().nonnegative() }),
    output: PickTask,
  },
  getDockDoors: {
    summary: "a depot's doors and their bookings overlapping a time window",
    input: Scoped.extend({ depotId: Id, window: TimeWindow }),
    output: z.object({ doors: z.number().int().positive(), bookings: z.array(DockBooking) }),
  },
  bookDock: {
    summary: 'books a door for a vehicle; without a door number the lowest free door is taken',
    input: Scoped.extend({
      depotId: Id,
      door: z.number().int().positive().optional(),
      vehicleId: Id,
      slot: TimeWindow,
      shipmentIds: z.array(Id),
      idempotencyKey: IdempotencyKey,
    }),
    output: DockBooking,
  },
  amendDock: {
    summary: "moves a vehicle's booking to a new slot and replaces its shipments; it keeps its door when that is free then, else takes the lowest free one",
    input: Scoped.extend({
      depotId: Id,
      bookingId: Id,
      door: z.number().int().positive().optional(),
      slot: TimeWindow,
      shipmentIds: z.array(Id),
      // Amending to the same slot, door and shipments again changes nothing: the key is kept for the audit trail.
      idempotencyKey: IdempotencyKey,
    }),
    output: DockBooking,
  },
  restockReturn: {
    summary: 'puts returned goods back: sellable into the returns bin, damaged into quarantine',
    input: Scoped.extend({
      depotId: Id,
      orderId: Id,
      lines: z.array(SkuQty).min(1),
      condition: z.enum(['sellable', 'damaged']),
      idempotencyKey: IdempotencyKey,
    }),
    output: z.object({ restocked: z.array(z.object({ sku: Id, qty: Qty, bin: z.string() })) }),
  },
  expectReturn: {
    summary: 'announces goods coming back to a depot so the dock can receive them; restocking them marks them received',
    input: Scoped.extend({
      depotId: Id, orderId: Id, shipmentId: Id.optional(), lines: z.array(SkuQty).min(1), reason: z.string().min(1).max(500),
      expectedAt: IsoTimestamp, idempotencyKey: IdempotencyKey,
    }),
    output: ExpectedReturn,
  },
  listExpectedReturns: {
    summary: 'returns announced to a depot (or for an order), oldest first',
    input: Scoped.extend({ depotId: Id.optional(), orderId: Id.optional(), status: z.enum(['expected', 'received']).optional() }),
    output: z.array(ExpectedReturn),
  },
  createTransfer: {
    summary: 'moves stock from one depot to another: it leaves the source now and is in transit until received',
    input: Scoped.extend({ fromDepotId: Id, toDepotId: Id, sku: Id, qty: Qty, idempotencyKey: IdempotencyKey }),
    output: InTransit,
  },
} as const;

export type WmsPort = PortOf<typeof wmsContract>;
