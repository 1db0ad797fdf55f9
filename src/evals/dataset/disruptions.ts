/** The disruptions table: vehicles going down, picks finishing late and delivery attempts failing, one per row. */
import { z } from 'zod';
import { EVENT_DATA, toEpochSeconds } from '../../domain/index.ts';
import { Id, int, IsoTimestamp } from './fields.ts';
import type { Disruption } from './model.ts';
import { specOf } from './spec.ts';

const DOWN_REASONS = EVENT_DATA['telematics.vehicle.down'].shape.reason.options;
const FAILED_REASONS = EVENT_DATA['driver.delivery.failed'].shape.reasonCode.options;

export const DisruptionRow = z
  .object({
    kind: z.enum(['vehicle_down', 'late_pick', 'failed_attempt']),
    at: IsoTimestamp.optional(),
    vehicle_id: Id.optional(),
    order_id: Id.optional(),
    /** vehicle_down: breakdown, accident, driver_unavailable, reefer_failure; failed_attempt: not_home, refused... */
    reason: z.string().optional(),
    /** vehicle_down: when the vehicle is back, if it comes back the same day. */
    until: IsoTimestamp.optional(),
    /** late_pick: seconds the pick finishes after the order's ready_at. */
    delay_s: int((n) => n.positive('must be more than zero')).optional(),
    note: z.string().optional(),
  })
  .superRefine((r, ctx) => {
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
      if (r.at && r.until && toEpochSeconds(r.until) < toEpochSeconds(r.at)) ctx.addIssue({ code: 'custom', path: ['until'], message: `is before at ${r.at}` });
    } else {
      need('order_id');
      if (r.kind === 'late_pick') need('delay_s');
      else oneOf(FAILED_REASONS);
    }
  });
export type DisruptionRow = z.infer<typeof DisruptionRow>;
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
