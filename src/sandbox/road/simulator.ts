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

/** What a road simulator starts from: its settings, start time, vehicles, shipments known so far, disruptions. */
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

/** One vehicle as `snapshot()` reports it. */
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
    throw new InputError('invalid_input', issuesFromZod(r.error, `${path}.${i}`), 'road');
  });
}

/** The simulated road of one day: construct it, give it plans, and advance its clock to collect the events. */
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
    if (!Number.isFinite(options.start)) throw new InputError('invalid_input', [{ path: 'start', reason: `must be epoch seconds, got ${options.start}` }], 'road');
    vehicles.forEach((v, i) => {
      const first = vehicles.findIndex((o) => o.id === v.id);
      if (first < i) throw new InputError('invalid_input', [{ path: `vehicles.${i}.id`, reason: `duplicate '${v.id}', first at vehicles.${first}` }], 'road');
    });
    this.time = options.start;
    const forcedFailures = new Map<string, FailedReason>();
    const downs = new Map<string, Downtime[]>();
    disruptions.forEach((d, i) => {
      if (d.kind === 'failed_attempt') forcedFailures.set(d.orderId, d.reasonCode);
      else {
        if (!vehicles.some((v) => v.id === d.vehicleId)) throw new InputError('invalid_input', [{ path: `disruptions.${i}.vehicleId`, reason: `unknown vehicle '${d.vehicleId}'` }], 'road');
        const until = d.until === undefined ? undefined : toEpochSeconds(d.until);
        if (until !== undefined && until <= toEpochSeconds(d.at)) throw new InputError('invalid_input', [{ path: `disruptions.${i}.until`, reason: `is not after at ${d.at}` }], 'road');
        // A breakdown over before the road starts never shows.
        if (until !== undefined && until <= options.start) return;
        const list = downs.get(d.vehicleId) ?? [];
        list.push({ at: toEpochSeconds(d.at), until, reason: d.reason });
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

  /** The run and departure of a route, or an InputError naming what is wrong with it (`path` prefixes the fields). */
  private checkRoute(route: RoadRoute, path: string): { run: VehicleRun; departAt: number } {
    const run = this.byId.get(route.vehicleId);
    if (!run) throw new InputError('invalid_input', [{ path: `${path}.vehicleId`, reason: `unknown vehicle '${route.vehicleId}'` }], 'road');
    route.stops.forEach((s, i) => {
      if (!this.shipments.has(s.shipmentId)) throw new InputError('invalid_input', [{ path: `${path}.stops.${i}.shipmentId`, reason: `unknown shipment '${s.shipmentId}'` }], 'road');
    });
    const departAt = Date.parse(route.departAt);
    if (Number.isNaN(departAt)) throw new InputError('invalid_input', [{ path: `${path}.departAt`, reason: `must be a timestamp, got '${route.departAt}'` }], 'road');
    return { run, departAt: Math.floor(departAt / 1000) };
  }

  private checkTime(at: number): void {
    if (!Number.isFinite(at)) throw new InputError('invalid_input', [{ path: 'at', reason: `must be epoch seconds, got ${at}` }], 'road');
    if (at < this.time) throw new RangeError(`the road does not go back in time (now ${this.time}, asked ${at})`);
  }

  /** Gives a vehicle a new route from `at` (default now) on: its remaining stops become the route's. */
  setRoute(route: RoadRoute, at = this.time): MarshalEvent[] {
    const { run, departAt } = this.checkRoute(route, 'route');
    this.checkTime(at);
    const events = this.advanceTo(at);
    run.replace(route.stops.map((s) => ({ shipmentId: s.shipmentId, kind: s.kind, location: s.location })), departAt, at);
    return events;
  }

  /**
   * Replaces every vehicle's route with the plan's; a vehicle the plan leaves out has nothing more to do. The whole
   * plan is checked before any route is applied: a bad route, or a vehicle given two, changes nothing.
   */
  setPlan(plan: { routes: readonly RoadRoute[] }, at = this.time): MarshalEvent[] {
    const seen = new Map<string, number>();
    const checked = plan.routes.map((route, i) => {
      const first = seen.get(route.vehicleId);
      if (first !== undefined) throw new InputError('invalid_input', [{ path: `routes.${i}.vehicleId`, reason: `vehicle '${route.vehicleId}' already has routes.${first}` }], 'road');
      seen.set(route.vehicleId, i);
      return { route, ...this.checkRoute(route, `routes.${i}`) };
    });
    this.checkTime(at);
    const events = this.advanceTo(at);
    for (const { route, run, departAt } of checked) run.replace(route.stops.map((s) => ({ shipmentId: s.shipmentId, kind: s.kind, location: s.location })), departAt, at);
    for (const run of this.runs) if (!seen.has(run.id)) run.replace([], at, at);
    return events;
  }

  /** Moves simulated time to `until` and returns what the road sent meanwhile, in time order. */
  advanceTo(until: number): MarshalEvent[] {
    this.checkTime(until);
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
