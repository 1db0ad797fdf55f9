/** `fleet_status`: vehicles with their status, position, route progress and lateness, one or by depot and status. */
import { z } from 'zod';
import { Id, toEpochSeconds, toIso, VehicleStatus } from '../../domain/index.ts';
import { queryDecisions } from '../../ledger/index.ts';
import { defineTool } from '../define.ts';
import type { CopilotToolContext } from './context.ts';
import { listAll } from '../../store/index.ts';
import { withEffect } from './shared.ts';

const VehicleLine = z.object({
  vehicleId: z.string(),
  name: z.string(),
  kind: z.string(),
  depotId: z.string(),
  status: VehicleStatus,
  position: z.object({ lat: z.number(), lon: z.number(), at: z.string(), speedKph: z.number() }).nullable(),
  stops: z.number().int(),
  stopsDone: z.number().int(),
  nextStop: z.object({ shipmentId: z.string(), eta: z.string() }).nullable(),
  lateStops: z.array(z.object({ shipmentId: z.string(), lateByMinutes: z.number().int() })),
  /** The latest decisions about this vehicle (only when one vehicle is asked for). */
  decisions: z.array(z.object({ id: z.string(), kind: z.string(), outcome: z.string(), summary: z.string() })),
});

export const FleetStatusOutput = z.object({
  asOf: z.string(),
  planVersion: z.number().int().nullable(),
  counts: z.record(z.string(), z.number().int()),
  vehicles: z.array(VehicleLine),
});

// Built once: a tool set is made per chat turn, and zod schemas are costly to build.
const FleetStatusInput = z.object({ vehicleId: Id.optional(), depotId: Id.optional(), status: VehicleStatus.optional() });

/** The fleet tool. */
export function copilotFleetTools(ctx: CopilotToolContext) {
  const { store, ports, tenant, clock } = ctx;
  return {
    fleet_status: withEffect(defineTool({
      name: 'fleet_status',
      description: 'Vehicles and their status (available, in_service, down, maintenance), last position, stops planned and done, next stop and late stops; one vehicle (with its latest decisions) or filtered by depot and status. Counts by status.',
      input: FleetStatusInput,
      output: FleetStatusOutput,
      async run({ vehicleId, depotId, status }) {
        const now = clock.now();
        const all = vehicleId ? [store.vehicles.require(tenant, vehicleId)] : listAll(store.vehicles, tenant, { depot_id: depotId });
        const counts: Record<string, number> = {};
        for (const v of all) counts[v.status] = (counts[v.status] ?? 0) + 1;
        const vehicles = all.filter((v) => !status || v.status === status);
        const positions = new Map((await ports.telematics.getPositions({ tenant, vehicleIds: vehicles.map((v) => v.id) })).map((p) => [p.vehicleId, p]));
        const plan = store.plans.current(tenant);
        return {
          asOf: toIso(now), planVersion: plan?.version ?? null, counts,
          vehicles: vehicles.map((v) => {
            const route = plan?.routes.find((r) => r.vehicleId === v.id);
            const stops = route?.stops ?? [];
            const open = stops.filter((s) => s.status !== 'done' && s.status !== 'failed');
            const late = listAll(store.etas, tenant, { vehicle_id: v.id })
              .map((e) => ({ shipmentId: e.shipmentId, lateByMinutes: Math.round((toEpochSeconds(e.eta) - toEpochSeconds(e.window.end)) / 60) }))
              .filter((e) => e.lateByMinutes > 0);
            const p = positions.get(v.id);
            return {
              vehicleId: v.id, name: v.name, kind: v.kind, depotId: v.depotId, status: v.status,
              position: p ? { lat: p.location.lat, lon: p.location.lon, at: p.at, speedKph: p.speedKph } : null,
              stops: stops.length, stopsDone: stops.length - open.length,
              nextStop: open[0] ? { shipmentId: open[0].shipmentId, eta: open[0].eta } : null,
              lateStops: late,
              decisions: vehicleId
                ? queryDecisions(store.db, { tenant, vehicleId: v.id, limit: 1000 }).entries.slice(-5).map((e) => ({ id: e.id, kind: e.kind, outcome: e.outcome, summary: e.explanation.summary }))
                : [],
            };
          }),
        };
      },
    }), 'read'),
  };
}
