/** The KPIs of one replayed run (or of the dataset's own history), as zod schemas: the report's types come from here. */
import { z } from 'zod';

const Pct = z.number().min(0).max(100).nullable();
const Tiers = z.object({ critical: z.number().int(), priority: z.number().int(), standard: z.number().int(), economy: z.number().int() });

export const Kpis = z.object({
  orders: z.object({
    total: z.number().int(),
    /** Orders with a window opening on the operating day: every % below is of these. */
    dueToday: z.number().int(),
    /** Orders due on a later day: not counted in the day's figures. */
    dueLater: z.number().int(),
  }),
  delivered: z.number().int(),
  deliveredByCarrier: z.number().int(),
  /** Service started inside one of the order's windows (POD time less service time), of the orders due today. */
  onTimePct: Pct,
  /** On time and in full (every line in its ordered quantity, as the POD lists it), of the orders due today. */
  otifPct: Pct,
  /** Delivered at the first attempt, of the due orders attempted at least once. */
  firstAttemptPct: Pct,
  /** Minutes service started after the window's end, summed over late deliveries. */
  lateMinutes: z.number().int(),
  /** Due today and not delivered by the end of the replay. */
  undelivered: z.number().int(),
  /** Shipments the last stored plan leaves unassigned. */
  unassignedAtEnd: z.number().int(),
  /** Orders moved to a later day (rescheduled, the customer told) because no own van and no carrier could take them. */
  movedToLaterDay: z.number().int(),
  backordered: z.number().int(),
  cost: z.object({
    currency: z.string(),
    fixedMinor: z.number().int(),
    distanceMinor: z.number().int(),
    timeMinor: z.number().int(),
    carrierMinor: z.number().int(),
    totalMinor: z.number().int(),
    /** Total over delivered orders; null when nothing was delivered. */
    perDeliveryMinor: z.number().int().nullable(),
  }),
  distanceKm: z.number(),
  vehiclesUsed: z.number().int(),
  /**
   * Mean over vehicles used: weight of what it carried of its capacity, and time out of its shift. Either may pass
   * 100%: a van that makes a second trip carries more than one load, and a van down on the road is out past its shift.
   */
  utilisation: z.object({ loadPct: z.number().min(0).nullable(), shiftPct: z.number().min(0).nullable() }),
  reverse: z.object({
    failedAttempts: z.number().int(),
    reschedules: z.number().int(),
    returns: z.number().int(),
    restocks: z.number().int(),
    /** From the failed attempt to the goods restocked in the WMS (a `return.restock` executed), in minutes. */
    returnToStockMinutes: z.object({ count: z.number().int(), mean: z.number().nullable(), max: z.number().nullable() }),
  }),
  /** Due orders not delivered on time, by service tier. */
  slaBreaches: Tiers,
  /** Agent decisions (policy changes left out), as `level outcome`, e.g. `L2 executed`. */
  decisions: z.object({ total: z.number().int(), byLevel: z.record(z.string(), z.number().int()), byOutcome: z.record(z.string(), z.number().int()), byLevelOutcome: z.record(z.string(), z.number().int()) }),
  reviews: z.record(z.string(), z.number().int()),
  /** Due orders by the hour (UTC) their first window opens, and how many of them were on time. */
  onTimeByHour: z.array(z.object({ hour: z.number().int(), due: z.number().int(), onTime: z.number().int() })),
});
export type Kpis = z.infer<typeof Kpis>;

/** The dataset's own outcome columns, where it has them: only what history can say. */
export const HistoricalKpis = z.object({
  currency: z.string(),
  ordersWithOutcome: z.number().int(),
  delivered: z.number().int(),
  onTimePct: Pct,
  firstAttemptPct: Pct,
  lateMinutes: z.number().int(),
  costTotalMinor: z.number().int().nullable(),
  costPerDeliveryMinor: z.number().int().nullable(),
});
export type HistoricalKpis = z.infer<typeof HistoricalKpis>;

export const EMPTY_TIERS = { critical: 0, priority: 0, standard: 0, economy: 0 };
