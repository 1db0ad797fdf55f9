/** The road's events on a generated sandbox day are taken by the simulated systems of record as they are. */
import { describe, expect, it } from 'vitest';
import { type Order, parseEvent, type Shipment, toEpochSeconds } from '../../domain/index.ts';
import { generateScenario } from '../generator/index.ts';
import { applyEvent, loadScenario, openSandbox } from '../index.ts';
import { roadShipmentOf, roadVehicleOf, RoadSimulator } from './index.ts';

describe('road simulator on a sandbox day', () => {
  it('delivers the day\'s orders on the day\'s vehicles; the world records every POD, failure and position', async () => {
    const day = generateScenario({ seed: 5, orders: 40, depots: 1, vehicles: 3 });
    const sandbox = openSandbox(':memory:');
    loadScenario(sandbox.world, day);
    const orders = day.events.filter((e) => e.type === 'oms.order.created').map((e) => (parseEvent(e).data as { order: Order }).order);
    for (const e of day.events.filter((x) => x.type === 'oms.order.created')) applyEvent(sandbox.world, parseEvent(e));
    const customers = new Map(day.customers.map((c) => [c.id, c]));
    const shipments = orders.map((o): Shipment => ({
      id: `shp-${o.id}`, tenant: o.tenant, orderIds: [o.id], depotId: o.depotId, customerId: o.customerId, destination: customers.get(o.customerId)!.location,
      windows: o.windows, serviceSeconds: o.serviceSeconds, load: o.load, requiredSkills: [], status: 'ready',
    }));
    const road = new RoadSimulator({
      config: { seed: 5, tenant: day.tenant.id, firstAttemptFailure: { default: 0.25 } }, start: toEpochSeconds(`${day.date}T04:00:00Z`),
      vehicles: day.vehicles.map((v) => roadVehicleOf(v, day.depots)), shipments: shipments.map((s, i) => roadShipmentOf(s, orders[i]!)),
    });
    // Deal the shipments round-robin onto the vehicles, in window order.
    const sorted = [...shipments].sort((a, b) => (a.windows[0]!.start < b.windows[0]!.start ? -1 : 1));
    const routes = day.vehicles.map((v, k) => ({
      vehicleId: v.id, departAt: v.shift.start,
      stops: sorted.filter((_, i) => i % day.vehicles.length === k).map((s) => ({ shipmentId: s.id, kind: 'delivery' as const, location: s.destination })),
    }));
    const events = [...road.setPlan({ routes }), ...road.advanceTo(toEpochSeconds(`${day.date}T00:00:00Z`) + 2 * 86_400)];
    for (const e of events) applyEvent(sandbox.world, parseEvent(JSON.parse(JSON.stringify(e))));
    const delivered = events.filter((e) => e.type === 'driver.pod.captured').map((e) => (e.data as { orderId: string }).orderId);
    const failed = events.filter((e) => e.type === 'driver.delivery.failed').map((e) => (e.data as { orderId: string }).orderId);
    expect(delivered.length + failed.length).toBe(orders.length);
    for (const id of delivered) expect((await sandbox.ports.oms.getOrder({ tenant: day.tenant.id, orderId: id })).status).toBe('delivered');
    for (const id of failed) expect((await sandbox.ports.oms.getOrder({ tenant: day.tenant.id, orderId: id })).status).toBe('failed');
    const positions = await sandbox.ports.telematics.getPositions({ tenant: day.tenant.id });
    expect(positions.filter((p) => p.status === 'in_service').length).toBeGreaterThan(0);
    sandbox.close();
  });
});
