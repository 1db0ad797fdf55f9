/** What became of each order in a run, read from the road's and the carriers' events. */
import { type MarshalEvent, toEpochSeconds } from '../../domain/index.ts';

export interface OrderFate {
  attempts: number;
  /** The first attempt's outcome; undefined when never attempted. */
  firstOk: boolean | undefined;
  deliveredAt: number | undefined;
  byCarrier: boolean;
  /** Lines the POD lists (carrier deliveries: the whole order). */
  podLines: { sku: string; qty: number }[] | undefined;
  failedAt: number | undefined;
  returnedAt: number | undefined;
  /** Vehicle that made each attempt. */
  vehicles: string[];
}

const orderOfShipment = (shipmentId: string) => shipmentId.replace(/^shp-/, '');

/** Fates by order id, from events in the order they happened. */
export function fatesOf(events: readonly MarshalEvent[]): Map<string, OrderFate> {
  const fates = new Map<string, OrderFate>();
  const fate = (orderId: string) => {
    let f = fates.get(orderId);
    if (!f) fates.set(orderId, (f = { attempts: 0, firstOk: undefined, deliveredAt: undefined, byCarrier: false, podLines: undefined, failedAt: undefined, returnedAt: undefined, vehicles: [] }));
    return f;
  };
  for (const e of events) {
    switch (e.type) {
      case 'driver.pod.captured': {
        const f = fate(e.data.orderId);
        if (f.deliveredAt !== undefined) break;
        f.attempts++;
        f.firstOk ??= true;
        f.deliveredAt = toEpochSeconds(e.data.deliveredAt);
        f.podLines = e.data.lines.map((l) => ({ sku: l.sku, qty: l.qty }));
        if (e.data.vehicleId) f.vehicles.push(e.data.vehicleId);
        break;
      }
      case 'driver.delivery.failed': {
        const f = fate(e.data.orderId);
        f.attempts++;
        f.firstOk ??= false;
        f.failedAt ??= toEpochSeconds(e.data.at);
        if (e.data.vehicleId) f.vehicles.push(e.data.vehicleId);
        break;
      }
      case 'driver.return.initiated':
        fate(e.data.orderId).returnedAt ??= toEpochSeconds(e.time);
        break;
      case 'carrier.status': {
        if (e.data.status !== 'delivered') break;
        const f = fate(orderOfShipment(e.data.shipmentId));
        if (f.deliveredAt !== undefined) break;
        f.attempts++;
        f.firstOk ??= true;
        f.deliveredAt = toEpochSeconds(e.data.at);
        f.byCarrier = true;
        break;
      }
      default:
        break;
    }
  }
  return fates;
}
