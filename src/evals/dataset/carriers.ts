/** The carriers table: one row per lane, the carrier's own columns repeated on each of its lanes. */
import { z } from 'zod';
import type { Carrier } from '../../domain/index.ts';
import { count, Currency, Id, num, oneOf, text } from './fields.ts';
import type { DatasetProblem } from './problem.ts';
import { specOf } from './spec.ts';
import type { RawRow } from './table.ts';

/** One row of `carriers.csv` / `carriers.jsonl`: a lane, with its carrier's columns. */
export const LaneRow = z
  .object({
    carrier_id: Id,
    tenant: Id,
    name: text().min(1, 'must not be empty'),
    mode: oneOf(['parcel', 'courier', 'ltl', 'ftl']),
    currency: Currency,
    fuel_surcharge_pct: num((n) => n.min(0, 'must be 0..100').max(100, 'must be 0..100')),
    daily_capacity: count(),
    max_weight_kg: num((n) => n.positive('must be more than zero')),
    delivered: count(),
    on_time: count(),
    lane_id: Id,
    origin_depot_id: Id,
    destination_zone: text().min(1, 'must not be empty'),
    transit_s: count(),
    base_minor: count(),
    per_kg_minor: count(),
    per_km_minor: count(),
    min_charge_minor: count(),
  })
  .superRefine((r, ctx) => {
    if (r.on_time > r.delivered) ctx.addIssue({ code: 'custom', path: ['on_time'], message: `is more than delivered (${r.delivered})` });
  });
export type LaneRow = z.infer<typeof LaneRow>;
/** The carriers table's columns, required and optional. */
export const CARRIERS = specOf('carriers', LaneRow);

/** Columns that belong to the carrier, not the lane: every row of one carrier must agree on them. */
const CARRIER_COLUMNS = ['tenant', 'name', 'mode', 'currency', 'fuel_surcharge_pct', 'daily_capacity', 'max_weight_kg', 'delivered', 'on_time'] as const;

/** Carriers grouped from their lane rows, in first-seen order; a row that disagrees with its carrier's first is a problem. */
export function carriersFromRows(rows: readonly { raw: RawRow; row: LaneRow }[]): { carriers: Carrier[]; problems: DatasetProblem[] } {
  const problems: DatasetProblem[] = [];
  const first = new Map<string, { raw: RawRow; row: LaneRow; carrier: Carrier }>();
  for (const { raw, row } of rows) {
    const lane = {
      id: row.lane_id, originDepotId: row.origin_depot_id, destinationZone: row.destination_zone, transitSeconds: row.transit_s,
      rate: { baseMinor: row.base_minor, perKgMinor: row.per_kg_minor, perKmMinor: row.per_km_minor, minChargeMinor: row.min_charge_minor },
    };
    const seen = first.get(row.carrier_id);
    if (!seen) {
      first.set(row.carrier_id, {
        raw, row, carrier: {
          id: row.carrier_id, tenant: row.tenant, name: row.name, mode: row.mode, currency: row.currency, fuelSurchargePct: row.fuel_surcharge_pct,
          lanes: [lane], dailyCapacity: row.daily_capacity, maxWeightKg: row.max_weight_kg, record: { delivered: row.delivered, onTime: row.on_time },
        },
      });
      continue;
    }
    for (const c of CARRIER_COLUMNS) {
      if (row[c] !== seen.row[c]) problems.push({ file: raw.file, line: raw.line, field: c, reason: `differs from line ${seen.raw.line} of carrier ${row.carrier_id} ('${seen.row[c]}')` });
    }
    seen.carrier.lanes.push(lane);
  }
  return { carriers: [...first.values()].map((f) => f.carrier), problems };
}

/** The rows of a carrier: one per lane. */
export function carrierToRows(c: Carrier): Record<string, string | number | undefined>[] {
  return c.lanes.map((l) => ({
    carrier_id: c.id, tenant: c.tenant, name: c.name, mode: c.mode, currency: c.currency, fuel_surcharge_pct: c.fuelSurchargePct,
    daily_capacity: c.dailyCapacity, max_weight_kg: c.maxWeightKg, delivered: c.record.delivered, on_time: c.record.onTime,
    lane_id: l.id, origin_depot_id: l.originDepotId, destination_zone: l.destinationZone, transit_s: l.transitSeconds,
    base_minor: l.rate.baseMinor, per_kg_minor: l.rate.perKgMinor, per_km_minor: l.rate.perKmMinor, min_charge_minor: l.rate.minChargeMinor,
  }));
}
