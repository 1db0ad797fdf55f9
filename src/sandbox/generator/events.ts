/** The day's timeline: orders arriving, picks completing, and a few disruptions, as CloudEvents in time order. */
import { type EventType, HOUR, MINUTE, type Order, type Rng, toEpochSeconds, type Vehicle } from '../../domain/index.ts';
import type { Scenario } from '../scenario.ts';
import { type Day, hm, isoAt } from './calendar.ts';
import { byCodeUnit, pad } from './draw.ts';
import { METRO_CENTRE, scatter } from './geo.ts';
import { TENANT } from './master.ts';

interface Pending {
  at: number;
  type: EventType;
  source: string;
  subject: string;
  data: unknown;
}

interface ShortLine {
  sku: string;
  requested: number;
  picked: number;
}

const offsetOf = (day: Day, iso: string) => toEpochSeconds(iso) - day.startEpoch;

/** Every order's creation and pick completion, plus breakdowns, short picks and failed deliveries scaled to the day. */
export function timelineOf(rng: Rng, day: Day, orders: readonly Order[], vehicles: readonly Vehicle[], short: ReadonlySet<string>): Scenario['events'] {
  const pending: Pending[] = [];
  const picked = new Map<string, number>();
  const shortLines = new Map<string, ShortLine[]>();
  for (const order of orders) {
    const created = offsetOf(day, order.createdAt);
    pending.push({ at: created, type: 'oms.order.created', source: '/sandbox/oms', subject: order.id, data: { order } });
    // Picking starts at 04:00; a pick takes half an hour to two hours after release.
    const done = Math.max(created, hm(4)) + rng.int(30, 120) * MINUTE;
    picked.set(order.id, done);
    const lines: ShortLine[] = [];
    shortLines.set(order.id, lines);
    pending.push({
      at: done, type: 'wms.pick.completed', source: '/sandbox/wms', subject: order.id,
      data: { orderId: order.id, shipmentId: `shp-${order.id}`, depotId: order.depotId, load: order.load, completedAt: isoAt(day, done), shortLines: lines },
    });
  }
  const scale = (per: number) => Math.max(1, Math.round(orders.length * per));

  const exceptions = orders.filter((o) => o.lines.some((l) => short.has(l.sku))).slice(0, scale(0.004));
  exceptions.forEach((order, i) => {
    const line = order.lines.find((l) => short.has(l.sku))!;
    const at = picked.get(order.id)! - 10 * MINUTE;
    const foundQty = i % 2 ? 0 : Math.floor(line.qty / 2);
    pending.push({
      at, type: 'wms.task.exception', source: '/sandbox/wms', subject: order.id,
      data: { taskId: `task-x${pad(i + 1, 4)}`, orderId: order.id, depotId: order.depotId, sku: line.sku, kind: i % 2 ? 'stock_out' : 'short_pick', expectedQty: line.qty, foundQty },
    });
    // The pick that follows reports the same shortfall; its load stays the order's, as the brief of the event asks.
    shortLines.get(order.id)!.push({ sku: line.sku, requested: line.qty, picked: foundQty });
  });

  const downs = rng.shuffle(vehicles).slice(0, Math.max(1, Math.round(vehicles.length / 20)));
  for (const v of downs) {
    const at = hm(11) + rng.int(0, 120) * MINUTE;
    pending.push({
      at, type: 'telematics.vehicle.down', source: '/sandbox/telematics', subject: v.id,
      data: { vehicleId: v.id, at: isoAt(day, at), location: scatter(rng, METRO_CENTRE, 2, 12), reason: v.kind === 'reefer' ? 'reefer_failure' : 'breakdown', expectedBackAt: isoAt(day, at + 4 * HOUR) },
    });
  }

  const today = (o: Order) => offsetOf(day, o.windows[0]!.start) < hm(24);
  const afternoon = orders.filter((o) => offsetOf(day, o.windows[0]!.start) >= hm(13) && offsetOf(day, o.windows[0]!.end) <= hm(19));
  // A small day may have no afternoon window; any delivery due today can still fail once it has been picked.
  const failing = afternoon.length > 0 ? afternoon : orders.filter(today);
  // The failed stop was on a vehicle of the order's depot; the first one stands in, as no plan exists yet.
  const vehicleAt = (depotId: string) => {
    const v = vehicles.find((x) => x.depotId === depotId);
    return v ? { vehicleId: v.id } : {};
  };
  const reasons = ['not_home', 'closed', 'refused', 'access_denied'] as const;
  rng.shuffle(failing).slice(0, scale(0.004)).forEach((order, i) => {
    const at = Math.max(offsetOf(day, order.windows[0]!.start) + rng.int(10, 100) * MINUTE, picked.get(order.id)! + 30 * MINUTE);
    pending.push({
      at, type: 'driver.delivery.failed', source: '/sandbox/driver', subject: order.id,
      data: { shipmentId: `shp-${order.id}`, orderId: order.id, ...vehicleAt(order.depotId), at: isoAt(day, at), reasonCode: reasons[i % reasons.length], note: 'No answer at the door; card left.' },
    });
  });

  // A stable order for equal times: the kind of event, then what it is about.
  const rank: Partial<Record<EventType, number>> = { 'oms.order.created': 0, 'wms.task.exception': 1, 'wms.pick.completed': 2 };
  pending.sort((a, b) => a.at - b.at || (rank[a.type] ?? 3) - (rank[b.type] ?? 3) || byCodeUnit(a.subject, b.subject));
  return pending.map((p, i) => ({
    specversion: '1.0' as const, id: `evt-${pad(i + 1, 6)}`, source: p.source, type: p.type, time: isoAt(day, p.at), subject: p.subject, tenant: TENANT.id, data: p.data,
  }));
}
