/** Available to promise: what can be picked now at a depot, what is on its way, and when a short line can ship. */
import type { Ports } from '../connectors/index.ts';
import { DAY, HOUR, type Order, toEpochSeconds, toIso } from '../domain/index.ts';

/** Available to promise for one line: pickable now, plus what is on its way to the depot and when the last of it lands. */
export interface LineAtp {
  sku: string;
  ordered: number;
  pickable: number;
  locked: number;
  inTransit: number;
  arrivesBy: string | null;
}

/** Receiving and put-away after a delivery lands, before the goods can be picked. */
export const PUTAWAY_SECONDS = 4 * HOUR;
/** Supplier lead time when nothing is on its way. */
const REORDER_SECONDS = 3 * DAY;

/** ATP of every line of an order at its depot, from WMS bins and ERP in-transit stock. */
export async function atpOf(ports: Ports, order: Order): Promise<LineAtp[]> {
  const t = order.tenant;
  return Promise.all(order.lines.map(async (line) => {
    const stock = await ports.wms.getPickableStock({ tenant: t, depotId: order.depotId, sku: line.sku });
    const transit = await ports.erp.getInTransit({ tenant: t, sku: line.sku, toDepotId: order.depotId });
    const locked = stock.bins.filter((b) => b.countLocked).reduce((s, b) => s + b.onHand - b.reserved, 0);
    return {
      sku: line.sku, ordered: line.qty, pickable: stock.pickable, locked,
      inTransit: transit.reduce((s, i) => s + i.qty, 0), arrivesBy: transit.map((i) => i.eta).sort().at(-1) ?? null,
    };
  }));
}

/** One line's ATP as a person reads it. */
export function describeAtp(a: LineAtp): string {
  const parts = [`${a.sku}: ${a.pickable} pickable of ${a.ordered} ordered`];
  if (a.locked > 0) parts.push(`${a.locked} in bins locked for a cycle count`);
  if (a.inTransit > 0) parts.push(`${a.inTransit} in transit, landing by ${a.arrivesBy}`);
  return parts.join('; ');
}

/** When the short lines can ship: after the last in-transit delivery covering them is put away, or after a reorder. */
export function promiseFor(short: readonly LineAtp[], now: number): string {
  const covered = short.every((a) => a.pickable + a.inTransit >= a.ordered && a.arrivesBy);
  if (!covered) return toIso(now + REORDER_SECONDS);
  const last = Math.max(...short.map((a) => toEpochSeconds(a.arrivesBy!)));
  return toIso(Math.max(now, last) + PUTAWAY_SECONDS);
}

