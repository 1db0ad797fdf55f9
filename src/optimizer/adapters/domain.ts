/** Builds a JSON problem from domain objects (shipments, vehicles, depots, drivers), in epoch seconds and metres. */
import type { Vehicle as DomainVehicle, Driver } from '../../domain/fleet.ts';
import type { Shipment as DomainShipment, UnassignedReason as DomainReason } from '../../domain/plan.ts';
import type { Depot } from '../../domain/tenant.ts';
import { toEpochSeconds } from '../../domain/units.ts';
import type { JobInput, ProblemInput } from '../format/schema.ts';

export interface DomainProblem {
  shipments: readonly DomainShipment[];
  vehicles: readonly DomainVehicle[];
  depots: readonly Depot[];
  drivers?: readonly Driver[];
  /** Priority 0..100 per shipment (e.g. the highest of its orders); 0 when absent. */
  priorities?: Readonly<Record<string, number>>;
  /** SLA tier per shipment, priced by `slaLatenessPerHour`; windows are hard for shipments without a tier. */
  slaTiers?: Readonly<Record<string, string>>;
  slaLatenessPerHour?: Readonly<Record<string, number>>;
  /** Per vehicle: its current position `[lon, lat]`, the time it is there, and stops already served or in progress. */
  live?: Readonly<Record<string, { position: [number, number]; at: number; frozen?: string[] }>>;
  travel?: ProblemInput['travel'];
  objective?: 'vehicles' | 'cost';
}

const lonLat = (l: { lat: number; lon: number }): [number, number] => [l.lon, l.lat];

/** Shipments become delivery jobs loaded at the depot (kg, m³, pallets); vehicles that are down or in maintenance are left out. */
export function problemFromDomain(d: DomainProblem): ProblemInput {
  const depots = new Map(d.depots.map((x) => [x.id, x]));
  const drivers = new Map((d.drivers ?? []).map((x) => [x.id, x]));
  const jobs: JobInput[] = d.shipments.map((s) => {
    const tier = d.slaTiers?.[s.id];
    const job: JobInput = {
      id: s.id,
      location: lonLat(s.destination),
      service: s.serviceSeconds,
      delivery: [s.load.weightKg, s.load.volumeM3, s.load.pallets],
      time_windows: s.windows.map((w) => [toEpochSeconds(w.start), toEpochSeconds(w.end)] as [number, number]),
      skills: s.requiredSkills,
      priority: d.priorities?.[s.id] ?? 0,
    };
    if (s.readyAt !== undefined) job.release = toEpochSeconds(s.readyAt);
    if (tier !== undefined) job.sla = tier;
    return job;
  });
  const vehicles = d.vehicles
    .filter((v) => v.status !== 'down' && v.status !== 'maintenance')
    .map((v) => {
      const depot = depots.get(v.depotId);
      const end = depots.get(v.endDepotId ?? v.depotId);
      if (!depot || !end) throw new RangeError(`vehicle ${v.id}: unknown depot ${v.endDepotId ?? v.depotId}`);
      const driver = v.driverId !== undefined ? drivers.get(v.driverId) : undefined;
      const live = d.live?.[v.id];
      const shiftEnd = toEpochSeconds(v.shift.end);
      const out: ProblemInput['vehicles'][number] = {
        id: v.id,
        start: live?.position ?? lonLat(depot.location),
        end: lonLat(end.location),
        capacity: [v.capacity.weightKg, v.capacity.volumeM3, v.capacity.pallets],
        skills: [...v.skills, ...(driver?.skills ?? [])],
        time_window: [live?.at ?? toEpochSeconds(v.shift.start), shiftEnd],
        costs: { fixed: v.fixedCost.amountMinor, per_km: v.costPerKm.amountMinor, per_hour: v.costPerHour.amountMinor },
        speed_factor: v.speedFactor,
      };
      if (v.maxRouteSeconds !== undefined) out.max_travel_time = v.maxRouteSeconds;
      if (v.maxDistanceM !== undefined) out.max_distance = v.maxDistanceM;
      if (v.maxStops !== undefined) out.max_tasks = v.maxStops;
      if (driver) {
        out.driving_rules = { max_continuous_driving: driver.rules.maxContinuousDrivingSeconds, break_duration: driver.rules.breakSeconds, max_daily_driving: driver.rules.maxDailyDrivingSeconds };
      }
      if (live?.frozen) out.frozen = live.frozen;
      return out;
    });
  const tiers: NonNullable<ProblemInput['sla_tiers']> = {};
  for (const [tier, perHour] of Object.entries(d.slaLatenessPerHour ?? {})) tiers[tier] = { lateness_per_hour: perHour };
  return {
    jobs,
    vehicles,
    travel: d.travel ?? { kind: 'haversine', road_factor: 1.3, speed_kmh: 50 },
    dimensions: ['kg', 'm3', 'pallets'],
    sla_tiers: tiers,
    objective: d.objective ?? 'cost',
  };
}

/** The domain's reason code for an optimizer reason code. */
export function toDomainReason(reason: string): DomainReason {
  switch (reason) {
    case 'vehicle_not_allowed':
      return 'skill';
    case 'precedence':
      return 'capacity';
    case 'capacity': case 'time_window': case 'skill': case 'shift': case 'release': case 'break': case 'unreachable':
    case 'max_stops': case 'max_distance': case 'max_duration': case 'vehicle_down': case 'no_vehicle':
      return reason;
    default:
      return 'no_vehicle';
  }
}
