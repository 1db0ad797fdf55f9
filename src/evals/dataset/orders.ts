/** The orders table: one row per order, with its optional historical outcome columns. */
import { z } from 'zod';
import { Channel, CurrencyCode, SlaTier, toEpochSeconds } from '../../domain/index.ts';
import { count, defined, Id, int, IsoTimestamp, num, windows } from './fields.ts';
import type { DatasetOrder } from './model.ts';
import { specOf } from './spec.ts';

export const OrderRow = z
  .object({
    id: Id,
    tenant: Id,
    customer_id: Id,
    depot_id: Id,
    created_at: IsoTimestamp,
    ready_at: IsoTimestamp,
    lat: num((n) => n.min(-90, 'must be at least -90').max(90, 'must be at most 90')),
    lon: num((n) => n.min(-180, 'must be at least -180').max(180, 'must be at most 180')),
    /** Planar coordinates in km, kept for benchmark instances (Solomon) whose distances are Euclidean. */
    x: num().optional(),
    y: num().optional(),
    address: z.string().optional(),
    zone: z.string().optional(),
    weight_kg: num((n) => n.nonnegative('must not be negative')),
    volume_m3: num((n) => n.nonnegative('must not be negative')),
    pallets: num((n) => n.nonnegative('must not be negative')).optional(),
    windows,
    service_s: count(),
    sla_tier: SlaTier,
    channel: Channel,
    value_minor: count(),
    currency: CurrencyCode,
    priority: int((n) => n.min(0, 'must be 0..100').max(100, 'must be 0..100')).optional(),
    delivered_at: IsoTimestamp.optional(),
    attempts: count().optional(),
    carrier: Id.optional(),
    cost_minor: count().optional(),
  })
  .superRefine((r, ctx) => {
    if (toEpochSeconds(r.ready_at) < toEpochSeconds(r.created_at)) ctx.addIssue({ code: 'custom', path: ['ready_at'], message: `is before created_at ${r.created_at}` });
    if (r.delivered_at && toEpochSeconds(r.delivered_at) < toEpochSeconds(r.created_at)) ctx.addIssue({ code: 'custom', path: ['delivered_at'], message: `is before created_at ${r.created_at}` });
    if ((r.x === undefined) !== (r.y === undefined)) ctx.addIssue({ code: 'custom', path: [r.x === undefined ? 'x' : 'y'], message: 'x and y come together' });
  });
export type OrderRow = z.infer<typeof OrderRow>;

export const ORDERS = specOf('orders', OrderRow);

/** The order a valid row describes. */
export function orderFromRow(r: OrderRow): DatasetOrder {
  const outcome = defined({
    deliveredAt: r.delivered_at, attempts: r.attempts, carrierId: r.carrier,
    cost: r.cost_minor === undefined ? undefined : { amountMinor: r.cost_minor, currency: r.currency },
  });
  return {
    id: r.id, tenant: r.tenant, customerId: r.customer_id, depotId: r.depot_id, createdAt: r.created_at, readyAt: r.ready_at,
    location: defined({ lat: r.lat, lon: r.lon, x: r.x, y: r.y, address: r.address }),
    ...defined({ zone: r.zone, priority: r.priority }),
    load: { weightKg: r.weight_kg, volumeM3: r.volume_m3, pallets: r.pallets ?? 0 },
    windows: r.windows, serviceSeconds: r.service_s, slaTier: r.sla_tier, channel: r.channel,
    value: { amountMinor: r.value_minor, currency: r.currency },
    ...(Object.keys(outcome).length > 0 ? { outcome } : {}),
  };
}

/** The CSV/JSONL row of an order. */
export function orderToRow(o: DatasetOrder): Record<string, string | number | undefined> {
  return {
    id: o.id, tenant: o.tenant, customer_id: o.customerId, depot_id: o.depotId, created_at: o.createdAt, ready_at: o.readyAt,
    lat: o.location.lat, lon: o.location.lon, x: o.location.x, y: o.location.y, address: o.location.address, zone: o.zone,
    weight_kg: o.load.weightKg, volume_m3: o.load.volumeM3, pallets: o.load.pallets,
    windows: o.windows.map((w) => `${w.start}/${w.end}`).join(';'), service_s: o.serviceSeconds, sla_tier: o.slaTier,
    channel: o.channel, value_minor: o.value.amountMinor, currency: o.value.currency, priority: o.priority,
    delivered_at: o.outcome?.deliveredAt, attempts: o.outcome?.attempts, carrier: o.outcome?.carrierId, cost_minor: o.outcome?.cost?.amountMinor,
  };
}
