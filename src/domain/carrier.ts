/** Third-party carriers: lanes, rate cards, capacity and on-time record. */
import { z } from 'zod';
import { Id } from './common.ts';
import { CurrencyCode, Seconds } from './units.ts';

/** Prices in minor units of the card's currency. */
export const Rate = z.object({
  baseMinor: z.number().int().nonnegative(),
  perKgMinor: z.number().int().nonnegative(),
  perKmMinor: z.number().int().nonnegative(),
  minChargeMinor: z.number().int().nonnegative(),
});
export type Rate = z.infer<typeof Rate>;

/** A depot-to-zone service the carrier sells, with its price and transit time. */
export const Lane = z.object({
  id: Id,
  originDepotId: Id,
  destinationZone: z.string().min(1),
  transitSeconds: Seconds,
  rate: Rate,
});
export type Lane = z.infer<typeof Lane>;

export const Carrier = z.object({
  id: Id,
  tenant: Id,
  name: z.string().min(1),
  mode: z.enum(['parcel', 'courier', 'ltl', 'ftl']),
  currency: CurrencyCode,
  fuelSurchargePct: z.number().min(0).max(100),
  lanes: z.array(Lane).min(1, 'a carrier needs at least one lane'),
  /** Shipments it accepts per day. */
  dailyCapacity: z.number().int().nonnegative(),
  maxWeightKg: z.number().positive(),
  /** Deliveries on record and how many were on time. */
  record: z
    .object({ delivered: z.number().int().nonnegative(), onTime: z.number().int().nonnegative() })
    .refine((r) => r.onTime <= r.delivered, { message: 'more on-time than delivered', path: ['onTime'] }),
});
export type Carrier = z.infer<typeof Carrier>;

/** On-time share of a carrier's record, 0..1; an empty record scores 0.5 (no evidence either way). */
export function onTimeRate(record: Carrier['record']): number {
  return record.delivered === 0 ? 0.5 : record.onTime / record.delivered;
}
