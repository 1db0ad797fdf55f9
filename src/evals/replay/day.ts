/**
 * A dataset as the world the replay runs on: a sandbox day (master data the ports serve) and the timeline of events
 * the replay clock plays (orders created, picks completed). Breakdowns and failed attempts are not in the timeline:
 * the road simulator plays them, so they happen where the vehicles really are.
 */
import {
  type Customer, InputError, type MarshalEvent, type Order, parseEvent, type Sku, type StockLevel, toEpochSeconds, toIso,
} from '../../domain/index.ts';
import { type RoadDisruptionInput, type RoadShipment, Scenario, SCENARIO_FORMAT } from '../../sandbox/index.ts';
import type { Dataset, DatasetOrder } from '../dataset/index.ts';

/** The one SKU a replayed order is made of: datasets carry an order's load, not its lines. */
export const REPLAY_SKU = 'sku-replay';
/** Zone of an order that names none (benchmark instances): it matches no carrier lane. */
const NO_ZONE = 'none';
const shipmentIdOf = (orderId: string) => `shp-${orderId}`;

export interface ReplayDay {
  day: Scenario;
  /** Orders created and picks completed, in time order (ties: creation before pick, then by order id). */
  timeline: MarshalEvent[];
  /** The dataset's orders, as loaded. */
  orders: DatasetOrder[];
  /** Every order's shipment as the road drives it. */
  shipments: RoadShipment[];
  /** Breakdowns and forced failed attempts for the road simulator. */
  disruptions: RoadDisruptionInput[];
  /** Midnight UTC of the operating day, epoch seconds: where the replay clock starts. */
  start: number;
}

/** The domain order of a dataset row: one line of the replay SKU; created, priority 50 when the dataset gives none. */
function orderOf(o: DatasetOrder): Order {
  return {
    id: o.id, tenant: o.tenant, customerId: o.customerId, depotId: o.depotId, channel: o.channel, slaTier: o.slaTier,
    lines: [{ lineNo: 1, sku: REPLAY_SKU, qty: 1 }], windows: o.windows, serviceSeconds: o.serviceSeconds, load: o.load,
    value: o.value, createdAt: o.createdAt, promisedBy: o.windows[o.windows.length - 1]!.end, priority: o.priority ?? 50, status: 'created',
  };
}

/** A customer per customer id, where its first order is delivered; open all day, with credit to cover every order. */
function customersOf(dataset: Dataset, currency: string): Customer[] {
  const byId = new Map<string, Customer>();
  const credit = dataset.orders.reduce((n, o) => n + o.value.amountMinor, 0) * 10 + 1;
  for (const o of dataset.orders) {
    if (byId.has(o.customerId)) continue;
    byId.set(o.customerId, {
      id: o.customerId, tenant: o.tenant, name: `customer ${o.customerId}`, location: o.location, zone: o.zone ?? NO_ZONE,
      receivingOpensAt: '00:00', receivingClosesAt: '23:59', serviceSeconds: o.serviceSeconds,
      creditLimit: { amountMinor: credit, currency }, paymentTermsDays: 30, email: `${o.customerId}@replay.invalid`,
    });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Stock to cover every order at every depot: the replay tests dispatch, not inventory. */
function stockOf(dataset: Dataset): { skus: Sku[]; stock: StockLevel[] } {
  const tenant = dataset.manifest.tenants[0]!;
  const sku: Sku = {
    id: REPLAY_SKU, tenant: tenant.id, description: 'an order of the replayed day', unitPrice: { amountMinor: 0, currency: tenant.currency },
    unitWeightKg: 1, unitVolumeM3: 0.001, unitsPerPallet: 1000, temperature: 'ambient', hazmat: false, substitutes: [],
  };
  const stock = dataset.depots.map((d) => ({ tenant: tenant.id, depotId: d.id, sku: REPLAY_SKU, bin: 'REPLAY-01', onHand: dataset.orders.length + 1, reserved: 0, countLocked: false }));
  return { skus: [sku], stock };
}

/** Converts a loaded dataset; a dataset of several tenants is refused (the replay runs one tenant's day). */
export function replayDayOf(dataset: Dataset, seed: number): ReplayDay {
  if (dataset.manifest.tenants.length !== 1) {
    throw new InputError('invalid_input', [{ path: 'dataset.json.tenants', reason: `the replay runs one tenant's day; this dataset has ${dataset.manifest.tenants.length}` }], 'dataset');
  }
  const tenant = dataset.manifest.tenants[0]!;
  const start = toEpochSeconds(`${dataset.manifest.date}T00:00:00Z`);
  const delay = new Map<string, number>();
  for (const d of dataset.disruptions) if (d.kind === 'late_pick') delay.set(d.orderId, (delay.get(d.orderId) ?? 0) + d.delaySeconds);
  const pending: { at: number; rank: number; orderId: string; type: MarshalEvent['type']; data: unknown; source: string }[] = [];
  for (const o of dataset.orders) {
    const order = orderOf(o);
    pending.push({ at: toEpochSeconds(o.createdAt), rank: 0, orderId: o.id, type: 'oms.order.created', data: { order }, source: '/replay/oms' });
    const ready = toEpochSeconds(o.readyAt) + (delay.get(o.id) ?? 0);
    pending.push({
      at: ready, rank: 1, orderId: o.id, type: 'wms.pick.completed', source: '/replay/wms',
      data: { orderId: o.id, shipmentId: shipmentIdOf(o.id), depotId: o.depotId, load: o.load, completedAt: toIso(ready), shortLines: [] },
    });
  }
  pending.sort((a, b) => a.at - b.at || a.rank - b.rank || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
  // Ids name what happened, so a resumed replay repeats them and the inbox drops the duplicates.
  const timeline = pending.map((p) => parseEvent({
    specversion: '1.0', id: `replay-${p.rank === 0 ? 'created' : 'picked'}-${p.orderId}`, source: p.source, type: p.type,
    time: toIso(p.at), subject: p.orderId, tenant: tenant.id, data: p.data,
  }));
  const { skus, stock } = stockOf(dataset);
  const day = Scenario.parse({
    format: SCENARIO_FORMAT, name: `replay:${dataset.manifest.name}`, seed, date: dataset.manifest.date, tenant, depots: dataset.depots,
    vehicles: dataset.vehicles, drivers: [], carriers: dataset.carriers, customers: customersOf(dataset, tenant.currency), accounts: [],
    skus, stock, inTransit: [], behaviour: { seed, carriers: [] }, events: [],
  });
  const shipments: RoadShipment[] = dataset.orders.map((o) => ({
    shipmentId: shipmentIdOf(o.id), orderId: o.id, customerId: o.customerId, depotId: o.depotId, windows: o.windows,
    serviceSeconds: o.serviceSeconds, lines: [{ sku: REPLAY_SKU, qty: 1 }],
  }));
  const disruptions: RoadDisruptionInput[] = dataset.disruptions.flatMap((d): RoadDisruptionInput[] => {
    if (d.kind === 'vehicle_down') return [{ kind: 'vehicle_down', vehicleId: d.vehicleId, at: d.at, reason: d.reason, ...(d.until ? { until: d.until } : {}) }];
    if (d.kind === 'failed_attempt') return [{ kind: 'failed_attempt', orderId: d.orderId, reasonCode: d.reasonCode }];
    return [];
  });
  return { day, timeline, orders: dataset.orders, shipments, disruptions, start };
}
