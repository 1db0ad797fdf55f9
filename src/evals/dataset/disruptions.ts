/** The disruptions table: vehicles going down, picks finishing late and delivery attempts failing, one per row. */
import { z } from 'zod';
import { EVENT_DATA } from '../../domain/index.ts';
import { epochOf, Id, int, oneOf, text, Timestamp } from './fields.ts';
import type { Disruption } from './model.ts';
import { specOf } from './spec.ts';

const DOWN_REASONS = EVENT_DATA['telematics.vehicle.down'].shape.reason.options;
const FAILED_REASONS = EVENT_DATA['driver.delivery.failed'].shape.reasonCode.options;

const KINDS = ['vehicle_down', 'late_pick', 'failed_attempt'] as const;

/** The columns each kind reads besides `kind` and `note`; any other column given is refused, not ignored. */
const COLUMNS_OF: Record<(typeof KINDS)[number], readonly string[]> = {
  vehicle_down: ['vehicle_id', 'at', 'reason', 'until'],
  late_pick: ['order_id', 'delay_s'],
  // `at` is when the real attempt failed: kept for the record; the replay fails the order's first attempt whenever it is.
  failed_attempt: ['order_id', 'reason', 'at'],
};

/** One row of `disruptions.csv` / `disruptions.jsonl`; `kind` says which columns it needs. */
export const DisruptionRow = z
  .object({
    kind: oneOf(KINDS),
    at: Timestamp.optional(),
    vehicle_id: Id.optional(),
    order_id: Id.optional(),
    /** vehicle_down: breakdown, accident, driver_unavailable, reefer_failure; failed_attempt: not_home, refused... */
    reason: text().optional(),
    /** vehicle_down: when the vehicle is back, if it comes back the same day. */
    until: Timestamp.optional(),
    /** late_pick: seconds the pick finishes after the order's ready_at. */
    delay_s: int((n) => n.positive('must be more than zero')).optional(),
    note: text().optional(),
  })
  .superRefine((r, ctx) => {
    if (!(KINDS as readonly unknown[]).includes(r.kind)) return;
    for (const column of ['at', 'vehicle_id', 'order_id', 'reason', 'until', 'delay_s'] as const) {
      if (r[column] !== undefined && !COLUMNS_OF[r.kind].includes(column)) ctx.addIssue({ code: 'custom', path: [column], message: `does not apply to ${r.kind}` });
    }
    const need = (field: 'at' | 'vehicle_id' | 'order_id' | 'delay_s') => {
      if (r[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${r.kind}` });
    };
    const oneOf = (allowed: readonly string[]) => {
      if (r.reason !== undefined && !allowed.includes(r.reason)) ctx.addIssue({ code: 'custom', path: ['reason'], message: `must be one of ${allowed.join(', ')} for ${r.kind}` });
    };
    if (r.kind === 'vehicle_down') {
      need('vehicle_id');
      need('at');
      oneOf(DOWN_REASONS);
      const at = epochOf(r.at);
      const until = epochOf(r.until);
      if (at !== undefined && until !== undefined && until <= at) ctx.addIssue({ code: 'custom', path: ['until'], message: `is not after at ${r.at}` });
    } else {
      need('order_id');
      if (r.kind === 'late_pick') need('delay_s');
      else oneOf(FAILED_REASONS);
    }
  });
export type DisruptionRow = z.infer<typeof DisruptionRow>;
/** The disruptions table's columns, required and optional. */
export const DISRUPTIONS = specOf('disruptions', DisruptionRow);

/** The disruption a valid row describes. */
export function disruptionFromRow(r: DisruptionRow): Disruption {
  switch (r.kind) {
    case 'vehicle_down':
      return {
        kind: 'vehicle_down', vehicleId: r.vehicle_id!, at: r.at!, reason: (r.reason ?? 'breakdown') as (typeof DOWN_REASONS)[number],
        ...(r.until ? { until: r.until } : {}),
      };
    case 'late_pick':
      return { kind: 'late_pick', orderId: r.order_id!, delaySeconds: r.delay_s! };
    case 'failed_attempt':
      return { kind: 'failed_attempt', orderId: r.order_id!, reasonCode: (r.reason ?? 'not_home') as (typeof FAILED_REASONS)[number], ...(r.at ? { at: r.at } : {}) };
  }
}

/** The CSV/JSONL row of a disruption: what `disruptionFromRow` reads back. */
export function disruptionToRow(d: Disruption): Record<string, string | number | undefined> {
  switch (d.kind) {
    case 'vehicle_down':
      return { kind: d.kind, at: d.at, vehicle_id: d.vehicleId, reason: d.reason, until: d.until };
    case 'late_pick':
      return { kind: d.kind, order_id: d.orderId, delay_s: d.delaySeconds };
    case 'failed_attempt':
      return { kind: d.kind, at: d.at, order_id: d.orderId, reason: d.reasonCode };
  }
}
