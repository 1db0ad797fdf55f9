/** What an event of the day does to the simulated systems of record (an order appears, a vehicle breaks down). */
import { type MarshalEvent, toEpochSeconds, toIso } from '../../domain/index.ts';
import { intakeOrder } from '../ports/oms.ts';
import { recordPosition } from '../ports/telematics.ts';
import { requireOrder, saveOrder } from './records.ts';
import { putQty } from './stock.ts';
import type { World } from './world.ts';
import { statement } from '../../store/index.ts';

/**
 * Applies one event to the world in one transaction; events the world has no side for change nothing.
 * Applying the same event twice changes nothing more, so a day can be resumed after a crash.
 */
export function applyEvent(world: World, event: MarshalEvent): void {
  const t = event.tenant;
  world.db.transaction(() => {
    switch (event.type) {
      case 'oms.order.created': {
        const known = statement(world.db, 'SELECT 1 FROM orders WHERE tenant = ? AND id = ?').get(t, event.data.order.id);
        if (!known) intakeOrder(world, event.data.order);
        return;
      }
      case 'wms.pick.completed': {
        const order = requireOrder(world, t, event.data.orderId, 'data.orderId');
        saveOrder(world, { ...order, status: 'picked' });
        return;
      }
      case 'telematics.vehicle.down':
      case 'telematics.position': {
        const down = event.type === 'telematics.vehicle.down';
        recordPosition(world, {
          tenant: t, vehicleId: event.data.vehicleId, at: event.data.at, location: event.data.location,
          speedKph: down ? 0 : event.data.speedKph, status: down ? 'down' : 'in_service',
        });
        return;
      }
      case 'driver.pod.captured':
      case 'driver.delivery.failed': {
        const order = requireOrder(world, t, event.data.orderId, 'data.orderId');
        saveOrder(world, { ...order, status: event.type === 'driver.pod.captured' ? 'delivered' : 'failed' });
        return;
      }
      default:
        return;
    }
  })();
}

/** Marks in-transit stock whose ETA has passed as received into the destination depot's receiving bin. */
export function receiveArrivals(world: World, tenant: string): number {
  const now = toIso(toEpochSeconds(world.nowIso()));
  const due = world.db
    .prepare("SELECT id, sku, to_depot, qty FROM in_transit WHERE tenant = ? AND status = 'in_transit' AND eta <= ? ORDER BY eta, id")
    .all(tenant, now) as { id: string; sku: string; to_depot: string; qty: number }[];
  world.db.transaction(() => {
    for (const d of due) {
      putQty(world, tenant, d.to_depot, d.sku, 'RECV', d.qty);
      statement(world.db, "UPDATE in_transit SET status = 'received' WHERE tenant = ? AND id = ?").run(tenant, d.id);
    }
  })();
  return due.length;
}
