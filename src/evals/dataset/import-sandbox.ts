/** Imports a sandbox day (generated or converted) as a dataset: its orders, fleet, carriers and disruptions. */
import { InputError, type Order, parseEvent } from '../../domain/index.ts';
import type { Scenario } from '../../sandbox/index.ts';
import { defined } from './fields.ts';
import { type Dataset, type DatasetOrder, DATASET_FORMAT, type Disruption, type Manifest } from './model.ts';

/**
 * The dataset of a sandbox day. An order is ready when its pick completes (its creation when no pick event is in the
 * day); it sits at its customer's location and zone. Breakdowns become `vehicle_down` and failed deliveries
 * `failed_attempt`. Lines, SKUs, stock, drivers and credit accounts have no place in the format and are left out.
 */
export function datasetFromScenario(day: Scenario, source: Manifest['source'] = { kind: 'sandbox-day', seed: day.seed }): Dataset {
  const customers = new Map(day.customers.map((c) => [c.id, c]));
  const readyAt = new Map<string, string>();
  const created: Order[] = [];
  const disruptions: Disruption[] = [];
  for (const raw of day.events) {
    const event = parseEvent(raw);
    switch (event.type) {
      case 'oms.order.created':
        created.push(event.data.order);
        break;
      case 'wms.pick.completed':
        // A second pick of the same order (a re-pick) makes it ready only then.
        readyAt.set(event.data.orderId, event.data.completedAt);
        break;
      case 'telematics.vehicle.down':
        disruptions.push({ kind: 'vehicle_down', vehicleId: event.data.vehicleId, at: event.data.at, reason: event.data.reason, ...defined({ until: event.data.expectedBackAt }) });
        break;
      case 'driver.delivery.failed':
        disruptions.push({ kind: 'failed_attempt', orderId: event.data.orderId, reasonCode: event.data.reasonCode, at: event.data.at });
        break;
      default:
        break;
    }
  }
  const missing = created.filter((o) => !customers.has(o.customerId));
  if (missing.length > 0) {
    // A hand-edited day can name a customer it does not list: the user's mistake, named by file and order.
    throw new InputError('invalid_day', missing.map((o) => ({ path: `order ${o.id}.customerId`, reason: `customer '${o.customerId}' is not in the day's customers` })), `sandbox day ${source?.file ?? day.name}`);
  }
  const orders = created.map((o): DatasetOrder => {
    const customer = customers.get(o.customerId)!;
    return {
      id: o.id, tenant: o.tenant, customerId: o.customerId, depotId: o.depotId, createdAt: o.createdAt, readyAt: readyAt.get(o.id) ?? o.createdAt,
      location: customer.location, zone: customer.zone, load: o.load, windows: o.windows, serviceSeconds: o.serviceSeconds,
      slaTier: o.slaTier, channel: o.channel, value: o.value, priority: o.priority,
    };
  });
  const manifest: Manifest = {
    format: DATASET_FORMAT, name: day.name, date: day.date, tenants: [day.tenant],
    description: `imported from the sandbox day ${day.name}`, ...defined({ source }),
  };
  return { manifest, depots: day.depots, vehicles: day.vehicles, carriers: day.carriers, orders, disruptions };
}
