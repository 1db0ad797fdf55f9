/** Fleet tools: a vehicle as Marshal and telematics see it, the current plan, and ETAs against their windows. */
import { z } from 'zod';
import { Eta, Id, Plan, Route, Vehicle, VehiclePosition, toEpochSeconds } from '../domain/index.ts';
import { MAX_PAGE } from '../store/index.ts';
import { defineTool, type ToolContext } from './define.ts';

export const VehicleStatusView = z.object({
  vehicle: Vehicle,
  position: VehiclePosition,
  /** Its route in the current plan, if it has one. */
  route: Route.nullable(),
  planVersion: z.number().int().nonnegative().nullable(),
});

export const EtaView = Eta.extend({
  /** How far past the end of its window the shipment is expected; 0 when on time. */
  lateBySeconds: z.number().int().nonnegative(),
});

/** `get_vehicle_status`, `get_current_plan` and `get_etas`. */
export function fleetTools(ctx: ToolContext) {
  const { ports, store, tenant } = ctx;
  const withLateness = (e: z.output<typeof Eta>) => ({ ...e, lateBySeconds: Math.max(0, toEpochSeconds(e.eta) - toEpochSeconds(e.window.end)) });
  return {
    get_vehicle_status: defineTool({
      name: 'get_vehicle_status',
      description: "A vehicle: its record in Marshal's dispatch state (status, shift, capacity), its last telematics position and its route in the current plan.",
      input: z.object({ vehicleId: Id.describe('the vehicle id') }),
      output: VehicleStatusView,
      async run({ vehicleId }) {
        const vehicle = store.vehicles.require(tenant, vehicleId);
        const position = await ports.telematics.getVehicle({ tenant, vehicleId });
        const plan = store.plans.current(tenant);
        return { vehicle, position, route: plan?.routes.find((r) => r.vehicleId === vehicleId) ?? null, planVersion: plan?.version ?? null };
      },
    }),
    get_current_plan: defineTool({
      name: 'get_current_plan',
      description: 'The current dispatch plan (routes, stops, ETAs, unassigned shipments and why), or null before the first plan. Give vehicleId for one route only.',
      input: z.object({ vehicleId: Id.optional().describe('only this vehicle\'s route') }),
      output: z.object({ plan: Plan.nullable() }),
      run({ vehicleId }) {
        const plan = store.plans.current(tenant);
        if (!plan || vehicleId === undefined) return { plan: plan ?? null };
        return { plan: { ...plan, routes: plan.routes.filter((r) => r.vehicleId === vehicleId) } };
      },
    }),
    get_etas: defineTool({
      name: 'get_etas',
      description: 'Current ETAs of shipments with their delivery windows and lateness: one shipment, one vehicle\'s, or all (by shipment id, up to limit).',
      input: z.object({
        shipmentId: Id.optional(),
        vehicleId: Id.optional(),
        limit: z.number().int().min(1).max(MAX_PAGE).default(100),
      }),
      output: z.object({ etas: z.array(EtaView), more: z.boolean() }),
      run({ shipmentId, vehicleId, limit }) {
        if (shipmentId !== undefined) {
          const eta = store.etas.get(tenant, shipmentId);
          const fits = eta && (vehicleId === undefined || eta.vehicleId === vehicleId);
          return { etas: fits ? [withLateness(eta)] : [], more: false };
        }
        const page = store.etas.list(tenant, { where: { vehicle_id: vehicleId }, limit });
        return { etas: page.items.map(withLateness), more: page.next !== undefined };
      },
    }),
  };
}
