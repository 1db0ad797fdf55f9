/** Keeps Marshal's dispatch state (orders, shipments, vehicles) in step with the events it receives. */
import type { Ports } from '../connectors/index.ts';
import type { MarshalEvent, Shipment } from '../domain/index.ts';
import type { Store } from '../store/index.ts';

/**
 * Records what a run's events tell about orders, shipments and vehicles, in one transaction: details are read through
 * the ports first (they may wait), then every write is made in the events' order, each reading the store as the writes
 * before it left it.
 */
export async function recordEvents(store: Store, ports: Ports, events: readonly MarshalEvent[]): Promise<void> {
  const writes: (() => void)[] = [];
  for (const event of events) writes.push(await recorder(store, ports, event));
  store.transaction(() => {
    for (const write of writes) write();
  });
}

const nothing = (): void => undefined;

/** What the ports tell about an event, read now, and the writes that record it, made later. */
async function recorder(store: Store, ports: Ports, event: MarshalEvent): Promise<() => void> {
  const tenant = event.tenant;
  switch (event.type) {
    case 'oms.order.created': {
      const order = await ports.oms.getOrder({ tenant, orderId: event.data.order.id });
      return () => store.orders.put(order);
    }
    case 'wms.pick.completed': {
      const order = await ports.oms.getOrder({ tenant, orderId: event.data.orderId });
      const customer = await ports.erp.getCustomer({ tenant, customerId: order.customerId });
      return () => {
        const known = store.shipments.get(tenant, event.data.shipmentId);
        const shipment: Shipment = {
          id: event.data.shipmentId, tenant, orderIds: [order.id], depotId: event.data.depotId, customerId: customer.id,
          destination: customer.location, windows: order.windows, serviceSeconds: order.serviceSeconds, load: event.data.load,
          readyAt: event.data.completedAt, requiredSkills: known?.requiredSkills ?? [], status: known?.status ?? 'ready',
        };
        store.shipments.put(shipment);
        store.orders.put({ ...order, status: 'picked' });
      };
    }
    case 'telematics.vehicle.down':
      return () => {
        const vehicle = store.vehicles.get(tenant, event.data.vehicleId);
        if (vehicle) store.vehicles.put({ ...vehicle, status: 'down' });
      };
    case 'driver.pod.captured':
    case 'driver.delivery.failed': {
      const delivered = event.type === 'driver.pod.captured';
      return () => {
        const order = store.orders.get(tenant, event.data.orderId);
        const shipment = store.shipments.get(tenant, event.data.shipmentId);
        if (order) store.orders.put({ ...order, status: delivered ? 'delivered' : 'failed' });
        if (shipment) store.shipments.put({ ...shipment, status: delivered ? 'delivered' : 'failed' });
      };
    }
    default:
      return nothing;
  }
}

/**
 * Records what an event tells once its agents have run: a changed priority is stored after Dispatch compared it with
 * the old one, so its explanation can say what changed. Recording twice after a crash changes nothing.
 */
export function recordAfterRun(store: Store, event: MarshalEvent): void {
  if (event.type !== 'erp.order.priority_changed') return;
  const order = store.orders.get(event.tenant, event.data.orderId);
  if (!order) return;
  store.orders.put({ ...order, priority: event.data.priority, ...(event.data.slaTier ? { slaTier: event.data.slaTier } : {}) });
}
