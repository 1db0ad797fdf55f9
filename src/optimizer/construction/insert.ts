/** Cheapest feasible insertion of one request into one route: O(1) per position on simple problems, simulated otherwise. */
import type { Rng } from '../../domain/random.ts';
import { newSimResult, simulate, windowStart } from '../model/evaluate.ts';
import { legCost, type Model } from '../model/problem.ts';
import type { Route, Solution } from '../model/solution.ts';
import { ResumedInsertion } from './resume.ts';

/** Where to insert: stop at `pos`, and for a shipment its delivery at `pos2` (index after the pickup is placed). */
export interface Insertion {
  delta: number;
  pos: number;
  pos2: number;
}

export function noInsertion(): Insertion {
  return { delta: Infinity, pos: -1, pos2: -1 };
}

const sim = newSimResult();
const resumed = new ResumedInsertion();
let seqBuf = new Int32Array(64);

/** Extra cost of opening an unused vehicle; in `vehicles` mode large enough to dominate any travel cost. */
export function openCost(m: Model, v: number): number {
  return (m.fixed[v] as number) + (m.vehiclesObjective ? 1e9 : 0);
}

/**
 * Best insertion of request `s` in route `r` (cost delta without the opening cost) written to `out`.
 * With `rng` and `blink` > 0, each position is skipped with that probability (SISR's blinks).
 */
export function bestInRoute(sol: Solution, r: Route, s: number, out: Insertion, rng: Rng | null, blink: number): void {
  const m = sol.m;
  out.delta = Infinity;
  out.pos = -1;
  out.pos2 = -1;
  if (m.compat[r.v * m.nStops + s] === 0) return;
  if (m.simple) simpleInsert(m, r, s, out, rng, blink);
  else if ((m.partner[s] as number) >= 0) pairInsert(m, r, s, out, rng, blink);
  else generalInsert(m, r, s, out, rng, blink);
}

function simpleInsert(m: Model, r: Route, s: number, out: Insertion, rng: Rng | null, blink: number): void {
  const D = m.dims;
  const v = r.v;
  for (let k = 0; k < D; k++) {
    if ((r.load[k] as number) + (m.initLoad[s * D + k] as number) > (m.capacity[v * D + k] as number) + 1e-9) return;
  }
  const nodes = r.nodes;
  const n = nodes.length;
  if (n + 1 > (m.maxStops[v] as number)) return;
  const p = m.profiles[m.profileOf[v] as number]!;
  const time = m.travel.duration;
  const speed = p.speed;
  // Cost is the leg's time where it is time (Solomon's case), read inline: this loop is the search's hottest.
  const costIsTime = p.costIsTime;
  const N = m.nNodes;
  const dist = m.travel.distance;
  const maxDist = m.maxDistance[v] as number;
  const last = m.lastEnd[s] as number;
  const svc = m.service[s] as number;
  const dep = r.dep;
  const ls = r.ls;
  const end = m.vEnd[v] as number;
  // One window (the common case, also a spare slot repeating its one window) is checked inline; several go through windowStart.
  const k0 = m.twOff[s] as number;
  const kn = (m.twOff[s + 1] as number) - 1;
  const single = kn === k0 || (m.twStart[kn] === m.twStart[k0] && m.twEnd[kn] === m.twEnd[k0]);
  const open = m.twStart[m.twOff[s] as number] as number;
  const sRow = s * N;
  let prev = r.nFrozen === 0 ? (m.vStart[v] as number) : (nodes[r.nFrozen - 1] as number);
  let best = Infinity;
  const blinking = blink > 0 && rng !== null;
  let skip = blinking ? blinkCountdown(rng as Rng, blink) : -1;
  for (let i = r.nFrozen; i <= n; i++) {
    const next = i < n ? (nodes[i] as number) : end;
    const d0 = dep[i] as number;
    if (d0 > last) break;
    if (skip === 0) {
      skip = nextBlink(rng as Rng, blink);
      prev = next;
      continue;
    }
    skip--;
    const pRow = prev * N;
    const delta = costIsTime
      ? (time[pRow + s] as number) * speed + (time[sRow + next] as number) * speed - (time[pRow + next] as number) * speed
      : legCost(p, m.travel, pRow + s) + legCost(p, m.travel, sRow + next) - legCost(p, m.travel, pRow + next);
    if (delta < best) {
      const arr = d0 + (time[pRow + s] as number) * speed;
      let st: number;
      if (single) st = arr > last ? NaN : arr > open ? arr : open;
      else st = windowStart(m, s, arr);
      if (st + svc + (time[sRow + next] as number) * speed <= (ls[i + 1] as number) + 1e-9) {
        const dd = maxDist === Infinity ? 0 : (dist[pRow + s] as number) + (dist[sRow + next] as number) - (dist[pRow + next] as number);
        if (maxDist === Infinity || r.distance + dd <= maxDist + 1e-9) {
          best = delta;
          out.pos = i;
        }
      }
    }
    prev = next;
  }
  if (blinking) countdown = skip;
  out.delta = out.pos >= 0 ? best : Infinity;
}

let countdown = -1;
let countdownP = 0;

/** Forgets the blink countdown, so every search starts from the same state (same seed, same plan). */
export function resetBlinks(): void {
  countdown = -1;
  countdownP = 0;
}
/** The blink countdown carries over between calls, so a draw is needed only when a blink happens. */
function blinkCountdown(rng: Rng, p: number): number {
  if (countdown < 0 || countdownP !== p) {
    countdownP = p;
    countdown = nextBlink(rng, p);
  }
  return countdown;
}

/** Positions until the next blink: geometric, so one random draw per blink instead of one per position. */
function nextBlink(rng: Rng, p: number): number {
  return Math.floor(Math.log(1 - rng.next()) / Math.log(1 - p));
}

function buffer(n: number): Int32Array {
  if (seqBuf.length < n) seqBuf = new Int32Array(n * 2);
  return seqBuf;
}

function generalInsert(m: Model, r: Route, s: number, out: Insertion, rng: Rng | null, blink: number): void {
  const nodes = r.nodes;
  const n = nodes.length;
  // A route that cannot take the job fails every position the same way; without blinks no draw is owed for them.
  if ((blink === 0 || rng === null) && cannotTake(m, r, s)) return;
  const buf = buffer(n + 2);
  for (let i = 0; i < n; i++) buf[i + 1] = nodes[i] as number;
  // buf holds [s, nodes...] shifted so that moving s right by one slot walks every position.
  for (let i = 0; i < r.nFrozen; i++) buf[i] = nodes[i] as number;
  buf[r.nFrozen] = s;
  // Positions after the first resume from the route's stored walk; the first changes the departure, so it is simulated.
  let walk: ResumedInsertion | null | undefined;
  for (let i = r.nFrozen; i <= n; i++) {
    if (i > r.nFrozen) {
      buf[i - 1] = nodes[i - 1] as number;
      buf[i] = s;
    }
    if (blink > 0 && rng !== null && rng.next() < blink) continue;
    if (i > 0 && walk === undefined) walk = resumed.prepare(m, r, s).usable ? resumed : null;
    const c = i > 0 && walk ? walk.cost(i) : simulate(m, r.v, buf, n + 1, sim);
    if (c - r.cost < out.delta) {
      out.delta = c - r.cost;
      out.pos = i;
    }
  }
}

/**
 * True when the route cannot take the job wherever it goes: its goods or one more stop do not fit (as `simulate`
 * checks first), or its last window closes before the vehicle's shift starts and lateness is not allowed (the van
 * cannot be there earlier than that).
 */
function cannotTake(m: Model, r: Route, s: number): boolean {
  const D = m.dims;
  if (r.nodes.length + 1 > (m.maxStops[r.v] as number)) return true;
  if ((m.lateCost[s] as number) <= 0 && (m.lastEnd[s] as number) < (m.shiftStart[r.v] as number)) return true;
  for (let k = 0; k < D; k++) {
    if ((r.load[k] as number) + (m.initLoad[s * D + k] as number) > (m.capacity[r.v * D + k] as number) + 1e-9) return true;
  }
  return false;
}

function pairInsert(m: Model, r: Route, s: number, out: Insertion, rng: Rng | null, blink: number): void {
  const d = m.partner[s] as number;
  const nodes = r.nodes;
  const n = nodes.length;
  const buf = buffer(n + 2);
  for (let i = r.nFrozen; i <= n; i++) {
    for (let j = i; j <= n; j++) {
      if (blink > 0 && rng !== null && rng.next() < blink) continue;
      let k = 0;
      for (let x = 0; x <= n; x++) {
        if (x === i) buf[k++] = s;
        if (x === j) buf[k++] = d;
        if (x < n) buf[k++] = nodes[x] as number;
      }
      const c = simulate(m, r.v, buf, n + 2, sim);
      if (c - r.cost < out.delta) {
        out.delta = c - r.cost;
        out.pos = i;
        out.pos2 = j + 1;
      }
    }
  }
}

/** Applies an insertion found by `bestInRoute` and refreshes the route's caches. */
export function applyInsertion(sol: Solution, r: Route, s: number, ins: Insertion): void {
  sol.insertRaw(r, s, ins.pos);
  const d = sol.m.partner[s] as number;
  if (d >= 0) sol.insertRaw(r, d, ins.pos2);
  sol.update(r);
}
