/** The orders table: one row per order, with its optional historical outcome columns. */
import { z } from 'zod';
import { Channel, SlaTier } from '../../domain/index.ts';
import { count, Currency, defined, epochOf, Id, int, lat, lon, num, oneOf, text, Timestamp, windows } from './fields.ts';
import type { DatasetOrder } from './model.ts';
import { specOf } from './spec.ts';

/** One row of `orders.csv` / `orders.jsonl`, column by column (see evals/datasets/README.md). */
export const OrderRow = z
  .object({
    id: Id,
    tenant: Id,
    customer_id: Id,
    depot_id: Id,
    created_at: Timestamp,
    ready_at: Timestamp,
    lat: lat(),
    lon: lon(),
    /** Planar coordinates in km, kept for benchmark instances (Solomon) whose distances are Euclidean. */
    x: num().optional(),
    y: num().optional(),
    address: text().optional(),
    zone: text().optional(),
    weight_kg: num((n) => n.nonnegative('must not be negative')),
    volume_m3: num((n) => n.nonnegative('must not be negative')),
    pallets: num((n) => n.nonnegative('must not be negative')).optional(),
    windows,
    service_s: count(),
    sla_tier: oneOf(SlaTier.options),
    channel: oneOf(Channel.options),
    value_minor: count(),
    currency: Currency,
    priority: int((n) => n.min(0, 'must be 0..100').max(100, 'must be 0..100')).optional(),
    delivered_at: Timestamp.optional(),
    attempts: count().optional(),
    carrier: Id.optional(),
    cost_minor: count().optional(),
  })
  .superRefine((r, ctx) => {
    // zod runs this even when a timestamp failed its format: compare only the ones that parse.
    const created = epochOf(r.created_at);
    const ready = epochOf(r.ready_at);
    const delivered = epochOf(r.delivered_at);
    if (created !== undefined && ready !== undefined && ready < created) ctx.addIssue({ code: 'custom', path: ['ready_at'], message: `is before created_at ${r.created_at}` });
    if (created !== undefined && delivered !== undefined && delivered < created) ctx.addIssue({ code: 'custom', path: ['delivered_at'], message: `is before created_at ${r.created_at}` });
    if (r.delivered_at !== undefined && r.attempts === 0) ctx.addIssue({ code: 'custom', path: ['attempts'], message: 'is 0 but delivered_at says it was delivered' });
    if ((r.x === undefined) !== (r.y === undefined)) ctx.addIssue({ code: 'custom', path: [r.x === undefined ? 'x' : 'y'], message: 'x and y come together' });
  });
export type OrderRow = z.infer<typeof OrderRow>;

/** The orders table's columns, required and optional. */
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

/** The CSV/JSONL row of an order: what `orderFromRow` reads back. */
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
