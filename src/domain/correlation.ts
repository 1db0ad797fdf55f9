/** The correlation key of an event: what it is about, so events on one order (or vehicle, or invoice) stay in order. */
import type { MarshalEvent } from './events.ts';

/** `order:o-1`, `vehicle:v-3`, `depot:north`, `shipment:s-9`, `invoice:inv-2`. */
export function correlationKeyOf(event: MarshalEvent): string {
  switch (event.type) {
    case 'oms.order.created':
      return `order:${event.data.order.id}`;
    case 'erp.order.priority_changed':
    case 'wms.pick.completed':
    case 'wms.task.exception':
    case 'driver.delivery.failed':
    case 'driver.pod.captured':
    case 'driver.return.initiated':
      return `order:${event.data.orderId}`;
    case 'erp.inventory.posted':
      return `depot:${event.data.depotId}`;
    case 'telematics.vehicle.down':
    case 'telematics.position':
      return `vehicle:${event.data.vehicleId}`;
    case 'carrier.tender.rejected':
    case 'carrier.status':
      return `shipment:${event.data.shipmentId}`;
    case 'carrier.invoice.received':
      return `invoice:${event.data.invoiceId}`;
  }
}
