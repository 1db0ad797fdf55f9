/** One vehicle on the simulated road: a state machine of phases (parked, driving, at a stop, down) in simulated time. */
import { type Location, type MarshalEvent, toEpochSeconds } from '../../domain/index.ts';
import { normalFor, uniformFor, weightedFor } from './draw.ts';
import { type DownReason, downEvent, type FailedReason, failedEvent, podEvent, positionEvent, returnEvent } from './events.ts';
import type { RoadConfig, RoadShipment, RoadVehicle, TravelModel } from './model.ts';
import { between } from './travel.ts';

/** A stop of a vehicle's route as the road drives it. */
export interface Stop {
  shipmentId: string;
  kind: 'delivery' | 'pickup';
  location: Location;
}

/** What all vehicles share: settings, the shipments, and what has happened to each shipment so far. */
export interface RoadWorld {
  config: RoadConfig;
  travel: TravelModel;
  shipments: ReadonlyMap<string, RoadShipment>;
  delivered: Set<string>;
  attempts: Map<string, number>;
  forcedFailures: ReadonlyMap<string, FailedReason>;
  emit(at: number, vehicleId: string, event: MarshalEvent): void;
}

export interface Downtime {
  at: number;
  until: number | undefined;
  reason: DownReason;
}

type Phase =
  /** At a place with nothing to do, or waiting to leave at `departAt` once it has stops. */
  | { kind: 'parked'; at: Location; departAt: number }
  /** On a leg; `stop` absent means back to the end depot. */
  | { kind: 'driving'; from: Location; to: Location; start: number; end: number; metres: number; stop?: Stop }
  | { kind: 'at_stop'; stop: Stop; serviceStart: number; end: number; outcome: 'delivered' | 'failed' | 'pickup'; reasonCode: FailedReason }
  | { kind: 'down'; at: Location; until: number };

/** Failed-attempt reasons as a door sees them: mostly nobody home. */
const FAILED_REASONS: readonly (readonly [FailedReason, number])[] = [
  ['not_home', 60], ['closed', 15], ['access_denied', 10], ['refused', 10], ['address_not_found', 5],
];

export type VehicleStatus = Phase['kind'];

/** One vehicle's day on the road: its phase, its remaining stops, what failed on board, and its odometer. */
export class VehicleRun {
  readonly id: string;
  private phase: Phase;
  private queue: Stop[] = [];
  /** Shipments that failed on this vehicle and ride with it until it is back at its depot. */
  private onBoard: { shipmentId: string; reasonCode: FailedReason }[] = [];
  private lastPing: number;
  /** When the latest route says to leave the depot; a vehicle back from a breakdown does not leave before it. */
  private routeDepartAt: number;
  /** Metres of finished (or cut) legs, and seconds away from a depot: the odometer the replay's costs are read from. */
  private driven = 0;
  private outSince: number | undefined;
  private outTotal = 0;

  constructor(private readonly vehicle: RoadVehicle, private readonly world: RoadWorld, start: number, private readonly downs: Downtime[]) {
    this.id = vehicle.id;
    this.phase = { kind: 'parked', at: vehicle.start, departAt: start };
    this.lastPing = start - 1;
    this.routeDepartAt = start;
  }

  /** When the current phase ends: Infinity when parked with nothing to do or down for good. */
  private phaseEnd(): number {
    const p = this.phase;
    if (p.kind === 'parked') return this.queue.length > 0 ? p.departAt : Number.POSITIVE_INFINITY;
    return p.kind === 'down' ? p.until : p.end;
  }

  /** The time of this vehicle's next change of state. */
  nextAt(): number {
    return Math.min(this.phaseEnd(), this.downs[0]?.at ?? Number.POSITIVE_INFINITY);
  }

  /** Makes the next change of state happen, after the position reports that come before it. */
  step(): void {
    const at = this.nextAt();
    this.pingUntil(at, false);
    const down = this.downs[0];
    // A breakdown at the very second a phase ends lets the phase finish first: the POD was signed.
    if (down && down.at < this.phaseEnd()) {
      this.downs.shift();
      this.breakDown(down);
    } else this.finishPhase(at);
  }

  /** Position reports up to `until` (included), for a simulator that has made every change of state up to then. */
  catchUp(until: number): void {
    this.pingUntil(until, true);
  }

  /** Where the vehicle is at `t` within its current phase. */
  private locationAt(t: number): Location {
    const p = this.phase;
    switch (p.kind) {
      case 'parked':
      case 'down':
        return p.at;
      case 'at_stop':
        return p.stop.location;
      case 'driving':
        return p.end === p.start ? p.to : between(p.from, p.to, (t - p.start) / (p.end - p.start));
    }
  }

  private pingUntil(until: number, inclusive: boolean): void {
    const every = this.world.config.positionEverySeconds;
    if (every <= 0) return;
    const p = this.phase;
    let g = (Math.floor(this.lastPing / every) + 1) * every;
    if (p.kind !== 'driving' && p.kind !== 'at_stop') {
      // Parked or down: nothing to report; skip the grid points that passed.
      if (Number.isFinite(until)) this.lastPing = Math.max(this.lastPing, inclusive ? until : until - 1);
      return;
    }
    const speed = p.kind === 'driving' && p.end > p.start ? Math.round((p.metres / (p.end - p.start)) * 36) / 10 : 0;
    for (; inclusive ? g <= until : g < until; g += every) {
      this.world.emit(g, this.id, positionEvent(this.world.config, this.id, g, this.locationAt(g), speed));
      this.lastPing = g;
    }
  }

  private finishPhase(at: number): void {
    const p = this.phase;
    switch (p.kind) {
      case 'parked':
        this.startLeg(p.at, at);
        return;
      case 'down':
        // Back in service where it stopped: it carries on with its stops, or drives home when it has none left; a
        // vehicle that never left its depot stays parked there.
        if (this.queue.length === 0 && this.outSince === undefined) this.phase = { kind: 'parked', at: p.at, departAt: Math.max(this.routeDepartAt, at) };
        else if (this.queue.length === 0) this.startLeg(p.at, at);
        else this.phase = { kind: 'parked', at: p.at, departAt: Math.max(this.routeDepartAt, at) };
        return;
      case 'driving':
        this.closeLeg(at);
        if (p.stop) this.arrive(p.stop, at);
        else this.backAtDepot(at);
        return;
      case 'at_stop':
        this.leaveStop(p, at);
    }
  }

  private shipment(id: string): RoadShipment {
    const s = this.world.shipments.get(id);
    if (!s) throw new RangeError(`shipment ${id} is on a route but unknown to the road`);
    return s;
  }

  /** Heads for the next stop not yet delivered, or back to the end depot when none is left. */
  private startLeg(from: Location, at: number): void {
    while (this.queue[0] && this.world.delivered.has(this.queue[0].shipmentId)) this.queue.shift();
    const stop = this.queue.shift();
    const to = stop ? stop.location : this.vehicle.end;
    if (!stop && from.lat === to.lat && from.lon === to.lon) {
      this.backAtDepot(at);
      return;
    }
    const base = this.world.travel(from, to);
    this.outSince ??= at;
    const noise = Math.exp(this.world.config.travelNoise * normalFor(this.world.config.seed, `leg|${this.id}|${stop?.shipmentId ?? 'depot'}|${at}`));
    const seconds = Math.max(0, Math.round(base.seconds * this.vehicle.speedFactor * noise));
    this.phase = { kind: 'driving', from, to, start: at, end: at + seconds, metres: base.metres, ...(stop ? { stop } : {}) };
  }

  /** At the door: waits for the window to open, then delivers or, on a first attempt that fails, gives up. */
  private arrive(stop: Stop, at: number): void {
    const s = this.shipment(stop.shipmentId);
    // Another vehicle delivered it while this one was on its way (plans moved it): nothing to do here.
    if (this.world.delivered.has(s.shipmentId)) return this.startLeg(stop.location, at);
    const window = s.windows.map((w) => ({ start: toEpochSeconds(w.start), end: toEpochSeconds(w.end) })).sort((a, b) => a.start - b.start).find((w) => w.end >= at);
    const serviceStart = window ? Math.max(at, window.start) : at;
    const attempt = (this.world.attempts.get(s.shipmentId) ?? 0) + 1;
    const { seed, firstAttemptFailure: fail, failedAttemptSeconds } = this.world.config;
    const forced = this.world.forcedFailures.get(s.orderId);
    const p = fail.byCustomer[s.customerId] ?? fail.default;
    // The draw is keyed by customer and shipment, not by time, so a late or re-planned stop keeps its luck.
    const failed = stop.kind === 'delivery' && attempt === 1 && (forced !== undefined || uniformFor(seed, `fail|${s.customerId}|${s.shipmentId}`) < p);
    const reasonCode = forced ?? weightedFor(seed, `reason|${s.shipmentId}`, FAILED_REASONS);
    const outcome = stop.kind === 'pickup' ? 'pickup' : failed ? 'failed' : 'delivered';
    const end = serviceStart + (failed ? Math.min(failedAttemptSeconds, Math.max(s.serviceSeconds, 60)) : s.serviceSeconds);
    this.phase = { kind: 'at_stop', stop, serviceStart, end, outcome, reasonCode };
  }

  private leaveStop(p: Extract<Phase, { kind: 'at_stop' }>, at: number): void {
    // Another vehicle, at the door at the same time, finished first: this one has nothing to hand over or report.
    if (p.outcome !== 'pickup' && !this.world.delivered.has(p.stop.shipmentId)) {
      const s = this.shipment(p.stop.shipmentId);
      const attempt = (this.world.attempts.get(s.shipmentId) ?? 0) + 1;
      this.world.attempts.set(s.shipmentId, attempt);
      if (p.outcome === 'delivered') {
        this.world.delivered.add(s.shipmentId);
        this.onBoard = this.onBoard.filter((f) => f.shipmentId !== s.shipmentId);
        this.world.emit(at, this.id, podEvent(this.world.config, s, this.id, attempt, at));
      } else {
        this.onBoard.push({ shipmentId: s.shipmentId, reasonCode: p.reasonCode });
        this.world.emit(at, this.id, failedEvent(this.world.config, s, this.id, attempt, at, p.reasonCode));
      }
    }
    this.startLeg(p.stop.location, at);
  }

  /** Home: the goods of failed deliveries go back into the depot. */
  private backAtDepot(at: number): void {
    for (const f of this.onBoard) {
      if (this.world.delivered.has(f.shipmentId)) continue;
      this.world.emit(at, this.id, returnEvent(this.world.config, this.shipment(f.shipmentId), this.id, this.vehicle.endDepotId, at, f.reasonCode));
    }
    this.onBoard = [];
    if (this.outSince !== undefined) this.outTotal += at - this.outSince;
    this.outSince = undefined;
    this.phase = { kind: 'parked', at: this.vehicle.end, departAt: Math.max(at, this.routeDepartAt) };
  }

  /** Stops where it is; the stop it was driving to or serving goes back to the front of its list, undelivered. */
  private breakDown(down: Downtime): void {
    const p = this.phase;
    const at = this.locationAt(down.at);
    this.closeLeg(down.at);
    if (p.kind === 'driving' && p.stop) this.queue.unshift(p.stop);
    if (p.kind === 'at_stop') this.queue.unshift(p.stop);
    this.world.emit(down.at, this.id, downEvent(this.world.config, this.id, down.at, at, down.reason, down.until));
    const until = down.until ?? Number.POSITIVE_INFINITY;
    this.phase = { kind: 'down', at, until: p.kind === 'down' ? Math.max(p.until, until) : until };
  }

  /**
   * A new list of remaining stops from `at` on (a re-plan). A stop being served is finished first; the leg under way
   * is kept when its stop is still the next one, else the vehicle turns towards the new next stop from where it is.
   * A vehicle on its way home finishes that leg: its new stops are a next trip, loaded at the depot.
   */
  replace(stops: readonly Stop[], departAt: number, at: number): void {
    const todo = stops.filter((s) => !this.world.delivered.has(s.shipmentId));
    const p = this.phase;
    this.routeDepartAt = departAt;
    const keep = (current: Stop) => {
      this.queue = todo.filter((s) => s.shipmentId !== current.shipmentId);
    };
    switch (p.kind) {
      case 'parked':
        this.queue = todo;
        this.phase = { ...p, departAt: Math.max(departAt, at) };
        return;
      case 'down':
        this.queue = todo;
        return;
      case 'at_stop':
        if (at >= p.serviceStart || todo[0]?.shipmentId === p.stop.shipmentId) return keep(p.stop);
        this.queue = todo;
        return this.startLeg(p.stop.location, at);
      case 'driving':
        if (p.stop && todo[0]?.shipmentId === p.stop.shipmentId) return keep(p.stop);
        // Heading home with its own stops done: new stops are goods waiting at the depot, loaded there first.
        if (!p.stop) {
          this.queue = todo;
          return;
        }
        this.queue = todo;
        {
          const from = this.locationAt(at);
          this.closeLeg(at);
          return this.startLeg(from, at);
        }
    }
  }

  /** Counts the driven part of the leg under way (all of it when it ends at `at`). */
  private closeLeg(at: number): void {
    const p = this.phase;
    if (p.kind !== 'driving') return;
    const fraction = p.end > p.start ? Math.min(1, Math.max(0, (at - p.start) / (p.end - p.start))) : 1;
    this.driven += Math.round(p.metres * fraction);
  }

  /** Metres driven and seconds spent away from a depot up to `at`, the leg under way counted as far as it went. */
  odometer(at: number): { metres: number; secondsOut: number } {
    const p = this.phase;
    const partial = p.kind === 'driving' && p.end > p.start ? Math.round(p.metres * Math.min(1, Math.max(0, (at - p.start) / (p.end - p.start)))) : 0;
    return { metres: this.driven + partial, secondsOut: this.outTotal + (this.outSince === undefined ? 0 : Math.max(0, at - this.outSince)) };
  }

  /** What the vehicle is doing and what it still has to do. */
  snapshot(at: number): { vehicleId: string; status: VehicleStatus; location: Location; remaining: string[] } {
    const p = this.phase;
    const current = p.kind === 'driving' ? p.stop : p.kind === 'at_stop' ? p.stop : undefined;
    return {
      vehicleId: this.id, status: p.kind, location: this.locationAt(at),
      remaining: [...(current ? [current.shipmentId] : []), ...this.queue.map((s) => s.shipmentId)],
    };
  }
}
