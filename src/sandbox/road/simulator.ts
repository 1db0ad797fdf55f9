/**
 * The road simulator: vehicles drive their current routes in simulated time and send what a real fleet sends
 * (positions, proofs of delivery, failed attempts, returns, breakdowns) as CloudEvents. Pure and deterministic:
 * time only moves when `advanceTo` is called, and every random draw is keyed by the seed and what it decides.
 */
import type { z } from 'zod';
import {
  InputError, issuesFromZod, type MarshalEvent, type RouteStop, toEpochSeconds,
} from '../../domain/index.ts';
import type { FailedReason } from './events.ts';
import { RoadConfig, type RoadConfigInput, RoadDisruption, type RoadDisruptionInput, RoadShipment, RoadVehicle, type TravelModel } from './model.ts';
import { defaultTravel } from './travel.ts';
import { type Downtime, type RoadWorld, VehicleRun, type VehicleStatus } from './vehicle.ts';

export interface RoadOptions {
  config: RoadConfigInput;
  /** Simulated time the road starts at, epoch seconds. */
  start: number;
  vehicles: readonly z.input<typeof RoadVehicle>[];
  shipments?: readonly z.input<typeof RoadShipment>[];
  disruptions?: readonly RoadDisruptionInput[];
  travel?: TravelModel;
}

/** What the road needs of a plan's route: the vehicle, when it leaves, and its stops in order (a domain Route fits). */
export interface RoadRoute {
  vehicleId: string;
  departAt: string;
  stops: readonly Pick<RouteStop, 'shipmentId' | 'kind' | 'location'>[];
}

export interface VehicleSnapshot {
  vehicleId: string;
  status: VehicleStatus;
  location: { lat: number; lon: number };
  /** Shipments still to visit, the one under way first. */
  remaining: string[];
}

/** Validates each item, naming the first bad one by its index (`vehicles.3.start.lat`). */
function parseAll<S extends z.ZodType>(schema: S, items: readonly unknown[], path: string): z.output<S>[] {
  return items.map((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) return r.data;
    throw new InputError('invalid_input', issuesFromZod(r.error).map((x) => ({ path: `${path}.${i}${x.path ? `.${x.path}` : ''}`, reason: x.reason })), 'road');
  });
}

export class RoadSimulator {
  private time: number;
  private readonly runs: VehicleRun[];
  private readonly byId = new Map<string, VehicleRun>();
  private readonly shipments = new Map<string, RoadShipment>();
  private readonly world: RoadWorld;
  private pending: { at: number; vehicleId: string; seq: number; event: MarshalEvent }[] = [];
  private seq = 0;

  constructor(options: RoadOptions) {
    const config = parseAll(RoadConfig, [options.config], 'config')[0]!;
    const vehicles = parseAll(RoadVehicle, options.vehicles, 'vehicles');
    const disruptions = parseAll(RoadDisruption, options.disruptions ?? [], 'disruptions');
    this.time = options.start;
    const forcedFailures = new Map<string, FailedReason>();
    const downs = new Map<string, Downtime[]>();
    disruptions.forEach((d, i) => {
      if (d.kind === 'failed_attempt') forcedFailures.set(d.orderId, d.reasonCode);
      else {
        if (!vehicles.some((v) => v.id === d.vehicleId)) throw new InputError('invalid_input', [{ path: `disruptions.${i}.vehicleId`, reason: `unknown vehicle '${d.vehicleId}'` }], 'road');
        const list = downs.get(d.vehicleId) ?? [];
        list.push({ at: toEpochSeconds(d.at), until: d.until === undefined ? undefined : toEpochSeconds(d.until), reason: d.reason });
        downs.set(d.vehicleId, list);
      }
    });
    this.world = {
      config, travel: options.travel ?? defaultTravel, shipments: this.shipments, delivered: new Set(), attempts: new Map(), forcedFailures,
      emit: (at, vehicleId, event) => void this.pending.push({ at, vehicleId, seq: this.seq++, event }),
    };
    // Vehicles in id order: ties between vehicles are broken the same way on every run.
    this.runs = [...vehicles].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((v) => {
      // A vehicle that went down before the road starts is down from the start: it is reported then.
      const list = (downs.get(v.id) ?? []).map((d) => ({ ...d, at: Math.max(d.at, options.start) })).sort((a, b) => a.at - b.at);
      return new VehicleRun(v, this.world, options.start, list);
    });
    for (const run of this.runs) this.byId.set(run.id, run);
    this.addShipments(options.shipments ?? []);
  }

  /** Simulated now, epoch seconds. */
  get now(): number {
    return this.time;
  }

  /** Makes shipments known to the road (orders arrive during the day); a known id is replaced. */
  addShipments(shipments: readonly z.input<typeof RoadShipment>[]): void {
    for (const s of parseAll(RoadShipment, shipments, 'shipments')) this.shipments.set(s.shipmentId, s);
  }

  /** Gives a vehicle a new route from `at` (default now) on: its remaining stops become the route's. */
  setRoute(route: RoadRoute, at = this.time): MarshalEvent[] {
    const run = this.byId.get(route.vehicleId);
    if (!run) throw new InputError('invalid_input', [{ path: 'route.vehicleId', reason: `unknown vehicle '${route.vehicleId}'` }], 'road');
    route.stops.forEach((s, i) => {
      if (!this.shipments.has(s.shipmentId)) throw new InputError('invalid_input', [{ path: `route.stops.${i}.shipmentId`, reason: `unknown shipment '${s.shipmentId}'` }], 'road');
    });
    const events = this.advanceTo(at);
    run.replace(route.stops.map((s) => ({ shipmentId: s.shipmentId, kind: s.kind, location: s.location })), toEpochSeconds(route.departAt), at);
    return events;
  }

  /** Replaces every vehicle's route with the plan's; a vehicle the plan leaves out has nothing more to do. */
  setPlan(plan: { routes: readonly RoadRoute[] }, at = this.time): MarshalEvent[] {
    const events = this.advanceTo(at);
    const routed = new Set(plan.routes.map((r) => r.vehicleId));
    for (const route of plan.routes) events.push(...this.setRoute(route, at));
    for (const run of this.runs) if (!routed.has(run.id)) run.replace([], at, at);
    return events;
  }

  /** Moves simulated time to `until` and returns what the road sent meanwhile, in time order. */
  advanceTo(until: number): MarshalEvent[] {
    if (until < this.time) throw new RangeError(`the road does not go back in time (now ${this.time}, asked ${until})`);
    // Changes of state happen in time order across vehicles, so a shipment two plans gave to two vehicles is
    // delivered by whichever gets there first, however the caller steps time.
    for (;;) {
      let next: VehicleRun | undefined;
      let nextAt = Number.POSITIVE_INFINITY;
      for (const run of this.runs) {
        const at = run.nextAt();
        if (at < nextAt) {
          next = run;
          nextAt = at;
        }
      }
      if (!next || nextAt > until) break;
      next.step();
    }
    for (const run of this.runs) run.catchUp(until);
    this.time = until;
    const out = this.pending.sort((a, b) => a.at - b.at || (a.vehicleId < b.vehicleId ? -1 : a.vehicleId > b.vehicleId ? 1 : 0) || a.seq - b.seq);
    this.pending = [];
    return out.map((p) => p.event);
  }

  /** Metres each vehicle has driven and seconds it has spent away from a depot so far, by vehicle id. */
  odometers(): Map<string, { metres: number; secondsOut: number }> {
    return new Map(this.runs.map((r) => [r.id, r.odometer(this.time)]));
  }

  /** Where each vehicle is and what it still has to do. */
  snapshot(): VehicleSnapshot[] {
    return this.runs.map((r) => r.snapshot(this.time));
  }
}
