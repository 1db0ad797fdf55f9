/** Full evaluation of one vehicle's stop sequence: times, loads, breaks and every hard constraint. */
import type { Model, Profile } from './problem.ts';
import { KIND_DELIVERY, KIND_PICKUP, legTime } from './problem.ts';

/** Why a sequence is infeasible: the reason codes shared with explanations. */
export type FailReason =
  | 'skill'
  | 'capacity'
  | 'time_window'
  | 'shift'
  | 'release'
  | 'break'
  | 'max_duration'
  | 'max_distance'
  | 'max_stops'
  | 'precedence';

/** Receives each step of a simulated route (for output): stop index, or -1 start, -2 end, -3 break. */
export type Recorder = (stop: number, arrival: number, start: number, departure: number, distance: number, lateness: number, load: Float64Array) => void;

/** Results of the last `simulate` call; reused to avoid allocation. */
export interface SimResult {
  cost: number;
  distance: number;
  duration: number;
  lateness: number;
  latenessCost: number;
  departure: number;
  arrival: number;
  fail: FailReason | null;
}

export function newSimResult(): SimResult {
  return { cost: 0, distance: 0, duration: 0, lateness: 0, latenessCost: 0, departure: 0, arrival: 0, fail: null };
}

/** Earliest service start at or after `t` within one of the stop's windows, or NaN if every window has closed. */
export function windowStart(m: Model, s: number, t: number): number {
  const end = m.twOff[s + 1] as number;
  for (let k = m.twOff[s] as number; k < end; k++) {
    if (t <= (m.twEnd[k] as number)) {
      const a = m.twStart[k] as number;
      return t > a ? t : a;
    }
  }
  return NaN;
}

/** Latest service start no later than `t` that lies in a window, or -Infinity. */
export function latestStart(m: Model, s: number, t: number): number {
  for (let k = (m.twOff[s + 1] as number) - 1; k >= (m.twOff[s] as number); k--) {
    if ((m.twStart[k] as number) <= t) {
      const b = m.twEnd[k] as number;
      return t < b ? t : b;
    }
  }
  return -Infinity;
}

/** Departure time from the start depot: the shift start, delayed by the release of goods loaded there. */
export function departureTime(m: Model, v: number, seq: ArrayLike<number>, len: number): number {
  let t = m.shiftStart[v] as number;
  for (let i = 0; i < len; i++) {
    const s = seq[i] as number;
    if (m.kind[s] === 0 && (m.release[s] as number) > t) t = m.release[s] as number;
  }
  return t;
}

/**
 * A vehicle part way along a sequence: the clock, the node it is at, the running totals and the driving counters.
 * `simulate` walks a whole sequence with it; an insertion check resumes one from a stored prefix, so both share the
 * arithmetic of a leg and of a stop.
 */
export class Walker {
  private time: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private speed = 1;
  private costIsTime = true;
  private cd = 0;
  private ct = 1;
  private dist: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private N = 0;
  private maxDrive = Infinity;
  private brk = 0;
  private m!: Model;
  private v = 0;
  /** Daily driving limit; a caller that checks it itself at the end sets it to Infinity. */
  maxDaily = Infinity;
  t = 0;
  prev = 0;
  c = 0;
  d = 0;
  late = 0;
  lateCost = 0;
  waited = 0;
  driving = 0;
  daily = 0;
  fail: FailReason | null = null;

  /** Starts vehicle `v` at its start depot at time `start`. */
  reset(m: Model, v: number, start: number): void {
    const p = m.profiles[m.profileOf[v] as number]!;
    this.m = m;
    this.v = v;
    this.time = m.travel.duration;
    this.speed = p.speed;
    this.costIsTime = p.costIsTime;
    this.cd = p.cd;
    this.ct = p.ct;
    this.dist = m.travel.distance;
    this.N = m.nNodes;
    this.maxDrive = m.maxDrive[v] as number;
    this.brk = m.breakLen[v] as number;
    this.maxDaily = m.maxDaily[v] as number;
    this.t = start;
    this.prev = m.vStart[v] as number;
    this.c = 0;
    this.d = 0;
    this.late = 0;
    this.lateCost = 0;
    this.waited = 0;
    this.driving = 0;
    this.daily = 0;
    this.fail = null;
  }

  /** Drives to node `s`, with breaks before the leg as the rules need; false when the day's driving limit is exceeded. */
  drive(s: number, cur?: Float64Array, rec?: Recorder): boolean {
    const leg = this.prev * this.N + s;
    // As legTime works it out.
    const tt = (this.time[leg] as number) * this.speed;
    const maxDrive = this.maxDrive;
    if (this.driving + tt > maxDrive) {
      // Break before the leg; a leg longer than the limit needs further breaks on the way.
      const extra = Math.max(1, Math.ceil((this.driving + tt) / maxDrive) - 1);
      if (rec) rec(-3, this.t, this.t, this.t + extra * this.brk, this.d, 0, cur!);
      this.t += extra * this.brk;
      this.driving = tt - (extra - 1) * maxDrive;
      if (this.driving > maxDrive) this.driving = maxDrive;
    } else this.driving += tt;
    this.daily += tt;
    if (this.daily > this.maxDaily + 1e-9) {
      this.fail = 'break';
      return false;
    }
    this.t += tt;
    // As legCost works it out.
    const dl = this.dist[leg] as number;
    this.c += this.costIsTime ? tt : this.cd * dl + this.ct * tt;
    this.d += dl;
    return true;
  }

  /**
   * Serves stop `s` on arrival: release, window (late at a cost where its tier allows), service, then the load change
   * when `cur` is given. `seq[i]` is `s` for the precedence check of a delivery. False when a hard constraint fails.
   */
  serve(s: number, seq: ArrayLike<number>, i: number, cur: Float64Array | undefined, rec?: Recorder): boolean {
    const m = this.m;
    const arrival = this.t;
    let t = arrival;
    let lateBy = 0;
    if (m.kind[s] === KIND_PICKUP && (m.release[s] as number) > t) t = m.release[s] as number;
    let st = windowStart(m, s, t);
    if (Number.isNaN(st)) {
      const lc = m.lateCost[s] as number;
      if (lc <= 0) {
        this.fail = 'time_window';
        return false;
      }
      st = t;
      lateBy = t - (m.lastEnd[s] as number);
      this.late += lateBy;
      this.lateCost += lc * (t - (m.lastEnd[s] as number));
    }
    this.waited += st - arrival;
    if (st - t >= this.brk && this.brk > 0) this.driving = 0;
    this.t = st + (m.service[s] as number);
    if (cur) {
      const D = m.dims;
      for (let k = 0; k < D; k++) {
        const x = (cur[k] as number) + (m.change[s * D + k] as number);
        cur[k] = x;
        if (x > (m.capacity[this.v * D + k] as number) + 1e-9) {
          this.fail = 'capacity';
          return false;
        }
      }
      if (rec) rec(s, arrival, st, this.t, this.d, lateBy, cur);
    }
    if (m.kind[s] === KIND_DELIVERY && !seenBefore(seq, i, m.partner[s] as number)) {
      this.fail = 'precedence';
      return false;
    }
    this.prev = s;
    return true;
  }
}

const walker = new Walker();

/** Where a sequence may start: the departure from the depot once goods are released, less the unpaid first wait. */
export function startTime(m: Model, v: number, seq: ArrayLike<number>, len: number, earliest = departureTime(m, v, seq, len)): number {
  const p = m.profiles[m.profileOf[v] as number]!;
  return earliest + firstWait(m, v, seq, len, p, m.nNodes, earliest);
}

/** Which end check a walk back at the end depot fails (shift, maximum duration, maximum distance), or null. */
export function endChecks(m: Model, v: number, t: number, start: number, d: number): FailReason | null {
  if (t > (m.shiftEnd[v] as number) + 1e-9) return 'shift';
  if (t - start > (m.maxDuration[v] as number) + 1e-9) return 'max_duration';
  if (d > (m.maxDistance[v] as number) + 1e-9) return 'max_distance';
  return null;
}

/**
 * Simulates vehicle `v` serving `seq[0..len)`; returns the route cost (travel plus lateness) or Infinity when a hard
 * constraint fails (then `out.fail` says which). Breaks are taken before a leg that would exceed continuous driving;
 * a wait at least as long as a break counts as one.
 */
export function simulate(m: Model, v: number, seq: ArrayLike<number>, len: number, out: SimResult, load?: Float64Array, rec?: Recorder): number {
  out.fail = null;
  const D = m.dims;
  if (len > (m.maxStops[v] as number)) return fail(out, 'max_stops');
  const cur = load ?? scratchLoad(D);
  for (let k = 0; k < D; k++) cur[k] = 0;
  for (let i = 0; i < len; i++) {
    const s = seq[i] as number;
    for (let k = 0; k < D; k++) cur[k] = (cur[k] as number) + (m.initLoad[s * D + k] as number);
  }
  for (let k = 0; k < D; k++) if ((cur[k] as number) > (m.capacity[v * D + k] as number) + 1e-9) return fail(out, 'capacity');
  const start = startTime(m, v, seq, len);
  const w = walker;
  w.reset(m, v, start);
  if (rec) rec(-1, start, start, start, 0, 0, cur);
  for (let i = 0; i < len; i++) {
    const s = seq[i] as number;
    if (!w.drive(s, cur, rec) || !w.serve(s, seq, i, cur, rec)) return fail(out, w.fail!);
  }
  if (!w.drive(m.vEnd[v] as number, cur, rec)) return fail(out, w.fail!);
  const ended = endChecks(m, v, w.t, start, w.d);
  if (ended) return fail(out, ended);
  if (rec) rec(-2, w.t, w.t, w.t, w.d, 0, cur);
  const p = m.profiles[m.profileOf[v] as number]!;
  out.distance = w.d;
  out.departure = start;
  out.arrival = w.t;
  out.duration = w.t - start;
  out.lateness = w.late;
  out.latenessCost = w.lateCost;
  out.cost = w.c + w.lateCost + p.wait * w.waited;
  return out.cost;
}

/**
 * How long the van would wait at its first stop if it left as early as it could: it leaves that much later instead
 * (drivers are paid from departure), every service time staying the same. Not when a break falls before the first stop;
 * a wait long enough to count as a break keeps a break's length, so the driving-time rules see the same day.
 */
function firstWait(m: Model, v: number, seq: ArrayLike<number>, len: number, p: Profile, N: number, earliest: number): number {
  if (len === 0) return 0;
  const s = seq[0] as number;
  const tt = legTime(p, m.travel, (m.vStart[v] as number) * N + s);
  if (tt > (m.maxDrive[v] as number)) return 0;
  const arrival = earliest + tt;
  let t = arrival;
  if (m.kind[s] === KIND_PICKUP && (m.release[s] as number) > t) t = m.release[s] as number;
  const st = windowStart(m, s, t);
  if (Number.isNaN(st)) return 0;
  const wait = st - arrival;
  const brk = m.breakLen[v] as number;
  return brk > 0 && wait >= brk ? wait - brk : wait;
}

function seenBefore(seq: ArrayLike<number>, i: number, s: number): boolean {
  for (let j = i - 1; j >= 0; j--) if (seq[j] === s) return true;
  return false;
}

function fail(out: SimResult, reason: FailReason): number {
  out.fail = reason;
  out.cost = Infinity;
  return Infinity;
}

let loadBuf = new Float64Array(4);
function scratchLoad(D: number): Float64Array {
  if (loadBuf.length < D) loadBuf = new Float64Array(D);
  return loadBuf;
}
