/** The road's view of domain records: a vehicle with its depots' locations, a shipment with its order's lines. */
import { type Depot, InputError, type Order, type Shipment, type Vehicle } from '../../domain/index.ts';
import type { RoadShipment, RoadVehicle } from './model.ts';

/** A fleet vehicle on the road: it starts at its depot and ends at its end depot (the same when absent). */
export function roadVehicleOf(vehicle: Vehicle, depots: readonly Depot[]): RoadVehicle {
  const find = (id: string, path: string) => {
    const d = depots.find((x) => x.id === id);
    if (!d) throw new InputError('invalid_input', [{ path, reason: `unknown depot '${id}'` }], `vehicle ${vehicle.id}`);
    return d;
  };
  const start = find(vehicle.depotId, 'depotId');
  const end = vehicle.endDepotId ? find(vehicle.endDepotId, 'endDepotId') : start;
  return { id: vehicle.id, start: start.location, end: end.location, endDepotId: end.id, speedFactor: vehicle.speedFactor };
}

/** A shipment on the road, with the lines of its order (what comes back if the delivery fails). */
export function roadShipmentOf(shipment: Shipment, order: Order): RoadShipment {
  return {
    shipmentId: shipment.id, orderId: order.id, customerId: shipment.customerId, depotId: shipment.depotId, windows: shipment.windows,
    serviceSeconds: shipment.serviceSeconds, lines: order.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
  };
}
