/** Customer orders with their lines, promises and service level, and the SKUs and stock they draw on. */
import { z } from 'zod';
import { Id, Load, TimeWindow } from './common.ts';
import { IsoTimestamp, NonNegativeMoney, Seconds } from './units.ts';

/** Commercial service level: drives lateness cost and carrier choice. */
export const SlaTier = z.enum(['critical', 'priority', 'standard', 'economy']);
export type SlaTier = z.infer<typeof SlaTier>;

export const Channel = z.enum(['ecommerce', 'marketplace', 'store_replenishment', 'b2b']);
export type Channel = z.infer<typeof Channel>;

export const OrderStatus = z.enum([
  'created', 'held', 'released', 'allocated', 'backordered', 'picked', 'shipped', 'delivered', 'failed', 'cancelled',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderLine = z.object({
  lineNo: z.number().int().positive('must be a positive line number'),
  sku: Id,
  qty: z.number().int('must be a whole number of units').positive('must be more than zero'),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const Order = z.object({
  id: Id,
  tenant: Id,
  customerId: Id,
  depotId: Id,
  channel: Channel,
  slaTier: SlaTier,
  lines: z.array(OrderLine).min(1, 'an order needs at least one line'),
  /** Delivery windows agreed with the customer; the first is preferred. */
  windows: z.array(TimeWindow).min(1, 'an order needs at least one delivery window'),
  serviceSeconds: Seconds,
  load: Load,
  value: NonNegativeMoney,
  createdAt: IsoTimestamp,
  promisedBy: IsoTimestamp.optional(),
  /** 0..100, higher is more important; used as a penalty weight for leaving it undelivered. */
  priority: z.number().int().min(0).max(100),
  status: OrderStatus,
  notes: z.string().max(2000).optional(),
});
export type Order = z.infer<typeof Order>;

export const Temperature = z.enum(['ambient', 'chilled', 'frozen']);

export const Sku = z.object({
  id: Id,
  tenant: Id,
  description: z.string().min(1),
  /** List price of one unit. */
  unitPrice: NonNegativeMoney,
  unitWeightKg: z.number().positive(),
  unitVolumeM3: z.number().positive(),
  unitsPerPallet: z.number().int().positive(),
  temperature: Temperature,
  hazmat: z.boolean(),
  /** SKUs that may replace this one when it is short, best first. */
  substitutes: z.array(Id),
});
export type Sku = z.infer<typeof Sku>;

/** Stock of one SKU in one bin of one depot. */
export const StockLevel = z.object({
  tenant: Id,
  depotId: Id,
  sku: Id,
  bin: z.string().min(1),
  onHand: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  /** A cycle count is in progress: the bin cannot be picked. */
  countLocked: z.boolean(),
});
export type StockLevel = z.infer<typeof StockLevel>;

/** Load of some lines from the SKU master: weight and volume add up, pallets as the share of a full pallet per SKU. */
export function loadOfLines(lines: readonly { sku: string; qty: number }[], skuOf: (id: string, index: number) => Sku): Load {
  let weightKg = 0;
  let volumeM3 = 0;
  let pallets = 0;
  lines.forEach((line, i) => {
    const sku = skuOf(line.sku, i);
    weightKg += sku.unitWeightKg * line.qty;
    volumeM3 += sku.unitVolumeM3 * line.qty;
    pallets += line.qty / sku.unitsPerPallet;
  });
  // Grams, litres and hundredths of a pallet: precise enough, and stable in JSON.
  return { weightKg: Math.round(weightKg * 1000) / 1000, volumeM3: Math.round(volumeM3 * 1000) / 1000, pallets: Math.round(pallets * 100) / 100 };
}
