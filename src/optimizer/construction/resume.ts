/**
 * Cheapest position of one job in a route on problems that need full simulation (release dates, lateness, breaks).
 * Every position but the first shares its prefix with the route as it is and, once the inserted stop's delay has been
 * absorbed by waiting, its suffix too. So the route is walked once with the job's goods aboard, each prefix's state
 * kept, and a position resumes from its prefix and stops walking where it meets the stored walk again: O(n) a route
 * in the common case instead of a full simulation at each of n positions.
 */
import { departureTime, endChecks, startTime, Walker } from '../model/evaluate.ts';
import type { Model } from '../model/problem.ts';
import type { Route } from '../model/solution.ts';

/** Per-prefix state of the stored walk, index j = after the route's first j stops. */
class Prefixes {
  t = new Float64Array(0);
  driving = new Float64Array(0);
  daily = new Float64Array(0);
  c = new Float64Array(0);
  d = new Float64Array(0);
  late = new Float64Array(0);
  lateCost = new Float64Array(0);
  waited = new Float64Array(0);
  load = new Float64Array(0);
  /** Highest load (per dimension) after any of the first j stops; and after any stop from j on. */
  headMax = new Float64Array(0);
  tailMax = new Float64Array(0);

  /** Room for the start, `n` stops and the end depot. */
  reserve(n: number, dims: number): void {
    if (this.t.length >= n + 2 && this.load.length >= (n + 2) * dims) return;
    const size = Math.max(n + 2, this.t.length * 2);
    for (const key of ['t', 'driving', 'daily', 'c', 'd', 'late', 'lateCost', 'waited'] as const) this[key] = new Float64Array(size);
    this.load = new Float64Array(size * dims);
    this.headMax = new Float64Array(size * dims);
    this.tailMax = new Float64Array(size * dims);
  }

  keep(j: number, w: Walker): void {
    this.t[j] = w.t;
    this.driving[j] = w.driving;
    this.daily[j] = w.daily;
    this.c[j] = w.c;
    this.d[j] = w.d;
    this.late[j] = w.late;
    this.lateCost[j] = w.lateCost;
    this.waited[j] = w.waited;
  }

  restore(j: number, w: Walker, prev: number): void {
    w.t = this.t[j] as number;
    w.driving = this.driving[j] as number;
    w.daily = this.daily[j] as number;
    w.c = this.c[j] as number;
    w.d = this.d[j] as number;
    w.late = this.late[j] as number;
    w.lateCost = this.lateCost[j] as number;
    w.waited = this.waited[j] as number;
    w.prev = prev;
    w.fail = null;
  }
}

const at = new Prefixes();
const base = new Walker();
const trial = new Walker();
let cur = new Float64Array(4);

/**
 * The stored walk of a route with one more job's goods aboard, from which each insertion position resumes. One walk
 * at a time: instances share the stored prefixes, so `prepare` invalidates any other instance's walk.
 */
export class ResumedInsertion {
  private m!: Model;
  private r!: Route;
  private s = 0;
  private n = 0;
  private start = 0;
  /** Stops walked without a hard failure (time window, precedence); the walk stops at the first. */
  private walked = 0;
  /** Whether the walk's end passed the shift and duration checks (the distance depends on the detour). */
  private endOk = false;
  private overloaded = false;

  /** Walks route `r` with job `s`'s goods aboard but `s` not served. Needs a route of at least one stop. */
  prepare(m: Model, r: Route, s: number): this {
    const D = m.dims;
    const v = r.v;
    const nodes = r.nodes;
    const n = nodes.length;
    this.m = m;
    this.r = r;
    this.s = s;
    this.n = n;
    at.reserve(n, D);
    if (cur.length < D) cur = new Float64Array(D);
    for (let k = 0; k < D; k++) cur[k] = m.initLoad[s * D + k] as number;
    for (let i = 0; i < n; i++) for (let k = 0; k < D; k++) cur[k] = (cur[k] as number) + (m.initLoad[(nodes[i] as number) * D + k] as number);
    this.overloaded = false;
    for (let k = 0; k < D; k++) {
      if ((cur[k] as number) > (m.capacity[v * D + k] as number) + 1e-9) this.overloaded = true;
      at.load[k] = cur[k] as number;
      at.headMax[k] = -Infinity;
    }
    // The job's release can only delay the departure; the first stop (and so the unpaid first wait) is the route's own.
    let earliest = departureTime(m, v, nodes, n);
    if (m.kind[s] === 0 && (m.release[s] as number) > earliest) earliest = m.release[s] as number;
    this.start = startTime(m, v, nodes, n, earliest);
    const w = base;
    w.reset(m, v, this.start);
    // Loads and the daily limit are checked per position from the stored figures, not during the walk.
    w.maxDaily = Infinity;
    at.keep(0, w);
    this.walked = n;
    for (let j = 0; j < n; j++) {
      const x = nodes[j] as number;
      w.drive(x);
      if (!w.serve(x, nodes, j, undefined)) {
        this.walked = j;
        break;
      }
      at.keep(j + 1, w);
      for (let k = 0; k < D; k++) {
        const load = (at.load[j * D + k] as number) + (m.change[x * D + k] as number);
        at.load[(j + 1) * D + k] = load;
        at.headMax[(j + 1) * D + k] = Math.max(at.headMax[j * D + k] as number, load);
      }
    }
    // Highest load from stop j on.
    for (let k = 0; k < D; k++) at.tailMax[this.walked * D + k] = -Infinity;
    for (let j = this.walked - 1; j >= 0; j--) {
      for (let k = 0; k < D; k++) at.tailMax[j * D + k] = Math.max(at.tailMax[(j + 1) * D + k] as number, at.load[(j + 1) * D + k] as number);
    }
    this.endOk = false;
    if (this.walked === n) {
      w.drive(m.vEnd[v] as number);
      // The distance limit depends on the detour: checked per position.
      this.endOk = endChecks(m, v, w.t, this.start, -Infinity) === null;
      at.keep(n + 1, w);
    }
    return this;
  }

  /**
   * False when the route failed a time window or precedence with the job's release: whether a detour then reaches that
   * stop in time is not known from the stored walk, so each position is simulated in full instead.
   */
  get usable(): boolean {
    return this.walked === this.n;
  }

  /** Cost of the route with the job at position `i` (1..n), or Infinity when infeasible; as `simulate` would price it. Needs `usable`. */
  cost(i: number): number {
    const m = this.m;
    const v = this.r.v;
    const D = m.dims;
    const s = this.s;
    const nodes = this.r.nodes;
    const n = this.n;
    if (this.overloaded || n + 1 > (m.maxStops[v] as number)) return Infinity;
    // Goods of the stops before `i` and of the job are aboard up to the job; after it, the job's change applies too.
    for (let k = 0; k < D; k++) {
      const cap = (m.capacity[v * D + k] as number) + 1e-9;
      const change = m.change[s * D + k] as number;
      if ((at.headMax[i * D + k] as number) > cap) return Infinity;
      if ((at.load[i * D + k] as number) + change > cap) return Infinity;
      if ((at.tailMax[i * D + k] as number) + change > cap) return Infinity;
    }
    const w = trial;
    w.reset(m, v, this.start);
    at.restore(i, w, nodes[i - 1] as number);
    if (!w.drive(s) || !w.serve(s, nodes, -1, undefined)) return Infinity;
    const maxDaily = m.maxDaily[v] as number;
    for (let j = i; j < n; j++) {
      const x = nodes[j] as number;
      if (!w.drive(x) || !w.serve(x, nodes, j, undefined)) return Infinity;
      // Met the stored walk again: the same clock and driving counter at the same stop, so the rest is the same.
      if (w.t === at.t[j + 1] && w.driving === at.driving[j + 1]) {
        if (!this.endOk) return Infinity;
        // What the stored walk adds from here to the end, written out: a closure per call was most of what the
        // search allocated.
        const e = n + 1;
        const k = j + 1;
        if (w.daily + ((at.daily[e] as number) - (at.daily[k] as number)) > maxDaily + 1e-9) return Infinity;
        if (w.d + ((at.d[e] as number) - (at.d[k] as number)) > (m.maxDistance[v] as number) + 1e-9) return Infinity;
        const p = m.profiles[m.profileOf[v] as number]!;
        return w.c + ((at.c[e] as number) - (at.c[k] as number)) + (w.lateCost + ((at.lateCost[e] as number) - (at.lateCost[k] as number)))
          + p.wait * (w.waited + ((at.waited[e] as number) - (at.waited[k] as number)));
      }
    }
    if (!w.drive(m.vEnd[v] as number)) return Infinity;
    if (endChecks(m, v, w.t, this.start, w.d) !== null) return Infinity;
    const p = m.profiles[m.profileOf[v] as number]!;
    return w.c + w.lateCost + p.wait * w.waited;
  }
}
