/** Full evaluation of one vehicle's stop sequence: times, loads, breaks and every hard constraint. */
import type { Model } from './problem.ts';
import { KIND_DELIVERY, KIND_PICKUP } from './problem.ts';

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
 * Simulates vehicle `v` serving `seq[0..len)`; returns the route cost (travel plus lateness) or Infinity when a hard
 * constraint fails (then `out.fail` says which). Breaks are taken before a leg that would exceed continuous driving;
 * a wait at least as long as a break counts as one.
 */
export function simulate(m: Model, v: number, seq: ArrayLike<number>, len: number, out: SimResult, load?: Float64Array, rec?: Recorder): number {
  out.fail = null;
  const D = m.dims;
  const p = m.profiles[m.profileOf[v] as number]!;
  const N = m.nNodes;
  const time = p.time;
  const cost = p.cost;
  const dist = m.travel.distance;
  if (len > (m.maxStops[v] as number)) return fail(out, 'max_stops');
  const cur = load ?? scratchLoad(D);
  for (let k = 0; k < D; k++) cur[k] = 0;
  for (let i = 0; i < len; i++) {
    const s = seq[i] as number;
    for (let k = 0; k < D; k++) cur[k] = (cur[k] as number) + (m.initLoad[s * D + k] as number);
  }
  for (let k = 0; k < D; k++) if ((cur[k] as number) > (m.capacity[v * D + k] as number) + 1e-9) return fail(out, 'capacity');
  const maxDrive = m.maxDrive[v] as number;
  const brk = m.breakLen[v] as number;
  const maxDaily = m.maxDaily[v] as number;
  const earliest = departureTime(m, v, seq, len);
  const start = earliest + firstWait(m, v, seq, len, time, N, earliest);
  let t = start;
  let prev = m.vStart[v] as number;
  let c = 0;
  let d = 0;
  let late = 0;
  let lateCost = 0;
  let waited = 0;
  let driving = 0;
  let daily = 0;
  if (rec) rec(-1, start, start, start, 0, 0, cur);
  for (let i = 0; i <= len; i++) {
    const s = i < len ? (seq[i] as number) : (m.vEnd[v] as number);
    const tt = time[prev * N + s] as number;
    if (driving + tt > maxDrive) {
      // Break before the leg; a leg longer than the limit needs further breaks on the way.
      const extra = Math.max(1, Math.ceil((driving + tt) / maxDrive) - 1);
      if (rec) rec(-3, t, t, t + extra * brk, d, 0, cur);
      t += extra * brk;
      driving = tt - (extra - 1) * maxDrive;
      if (driving > maxDrive) driving = maxDrive;
    } else driving += tt;
    daily += tt;
    if (daily > maxDaily + 1e-9) return fail(out, 'break');
    t += tt;
    c += cost[prev * N + s] as number;
    d += dist[prev * N + s] as number;
    if (i === len) break;
    const arrival = t;
    let lateBy = 0;
    if (m.kind[s] === KIND_PICKUP && (m.release[s] as number) > t) t = m.release[s] as number;
    let st = windowStart(m, s, t);
    if (Number.isNaN(st)) {
      const lc = m.lateCost[s] as number;
      if (lc <= 0) return fail(out, 'time_window');
      st = t;
      lateBy = t - (m.lastEnd[s] as number);
      late += lateBy;
      lateCost += lc * (t - (m.lastEnd[s] as number));
    }
    waited += st - arrival;
    if (st - t >= brk && brk > 0) driving = 0;
    t = st + (m.service[s] as number);
    for (let k = 0; k < D; k++) {
      const x = (cur[k] as number) + (m.change[s * D + k] as number);
      cur[k] = x;
      if (x > (m.capacity[v * D + k] as number) + 1e-9) return fail(out, 'capacity');
    }
    if (rec) rec(s, arrival, st, t, d, lateBy, cur);
    if (m.kind[s] === KIND_DELIVERY && !seenBefore(seq, i, m.partner[s] as number)) return fail(out, 'precedence');
    prev = s;
  }
  if (t > (m.shiftEnd[v] as number) + 1e-9) return fail(out, 'shift');
  if (t - start > (m.maxDuration[v] as number) + 1e-9) return fail(out, 'max_duration');
  if (d > (m.maxDistance[v] as number) + 1e-9) return fail(out, 'max_distance');
  if (rec) rec(-2, t, t, t, d, 0, cur);
  out.distance = d;
  out.departure = start;
  out.arrival = t;
  out.duration = t - start;
  out.lateness = late;
  out.latenessCost = lateCost;
  out.cost = c + lateCost + p.wait * waited;
  return out.cost;
}

/**
 * How long the van would wait at its first stop if it left as early as it could: it leaves that much later instead
 * (drivers are paid from departure), every service time staying the same. Not when a break falls before the first stop;
 * a wait long enough to count as a break keeps a break's length, so the driving-time rules see the same day.
 */
function firstWait(m: Model, v: number, seq: ArrayLike<number>, len: number, time: Float64Array, N: number, earliest: number): number {
  if (len === 0) return 0;
  const s = seq[0] as number;
  const tt = time[(m.vStart[v] as number) * N + s] as number;
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
