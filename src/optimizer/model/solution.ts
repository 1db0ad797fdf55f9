/** The search state: one route per vehicle with cached timing slack, the unassigned requests, and an undo log. */
import { legCost, type Model } from './problem.ts';
import { latestStart, newSimResult, simulate, windowStart } from './evaluate.ts';

const sim = newSimResult();

/** One vehicle's stops (depots excluded) with the data that makes insertion checks O(1) on simple problems. */
export class Route {
  readonly v: number;
  nodes: number[] = [];
  /** Departure time from position p (0 = start depot, p = stop p-1); simple problems only. */
  dep: Float64Array;
  /** Latest feasible service start at position p (n+1 = end depot arrival); simple problems only. */
  ls: Float64Array;
  load: Float64Array;
  cost = 0;
  distance = 0;
  feasible = true;
  nFrozen = 0;
  backup: number[] | null = null;
  stamp = -1;

  constructor(m: Model, v: number) {
    this.v = v;
    this.dep = new Float64Array(m.simple ? m.nStops + 2 : 0);
    this.ls = new Float64Array(m.simple ? m.nStops + 2 : 0);
    this.load = new Float64Array(m.dims);
  }

  get size(): number {
    return this.nodes.length;
  }
}

/** Lexicographic objective: unassigned penalty, then vehicles, then cost. */
export interface Objective {
  unassigned: number;
  vehicles: number;
  cost: number;
}

/** -1, 0 or 1 as `a` is better than, equal to or worse than `b`. */
export function compareObjective(a: Objective, b: Objective): number {
  if (a.unassigned !== b.unassigned) return a.unassigned < b.unassigned ? -1 : 1;
  if (a.vehicles !== b.vehicles) return a.vehicles < b.vehicles ? -1 : 1;
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  return 0;
}

export class Solution {
  readonly m: Model;
  routes: Route[];
  /** Requests (jobs and shipment pickups) not on any route. */
  unassigned: number[] = [];
  routeOf: Int32Array;
  posOf: Int32Array;
  private epoch = 0;
  private touched: Route[] = [];
  private savedUnassigned: number[] = [];

  constructor(m: Model) {
    this.m = m;
    this.routes = [];
    for (let v = 0; v < m.nVehicles; v++) this.routes.push(new Route(m, v));
    this.routeOf = new Int32Array(m.nStops).fill(-1);
    this.posOf = new Int32Array(m.nStops).fill(-1);
  }

  /** Starts an undo log: later `touch`ed routes can be restored by `rollback`. */
  checkpoint(): void {
    this.epoch++;
    this.touched.length = 0;
    this.savedUnassigned = this.unassigned.slice();
  }

  /** Records a route's stops before it changes. */
  touch(r: Route): void {
    if (r.stamp === this.epoch) return;
    r.stamp = this.epoch;
    r.backup = r.nodes.slice();
    this.touched.push(r);
  }

  rollback(): void {
    for (const r of this.touched) {
      for (const s of r.nodes) this.routeOf[s] = -1;
    }
    for (const r of this.touched) {
      r.nodes = r.backup as number[];
      this.update(r);
    }
    this.touched.length = 0;
    this.unassigned = this.savedUnassigned;
    this.savedUnassigned = [];
    this.epoch++;
  }

  /** Recomputes a route's caches and its stops' positions: O(n). */
  update(r: Route): void {
    const m = this.m;
    const nodes = r.nodes;
    const n = nodes.length;
    for (let i = 0; i < n; i++) {
      const s = nodes[i] as number;
      this.routeOf[s] = r.v;
      this.posOf[s] = i;
    }
    const D = m.dims;
    for (let k = 0; k < D; k++) r.load[k] = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < D; k++) r.load[k] = (r.load[k] as number) + (m.initLoad[(nodes[i] as number) * D + k] as number);
    if (!m.simple) {
      const c = simulate(m, r.v, nodes, n, sim);
      r.feasible = c < Infinity;
      r.cost = r.feasible ? c : 0;
      r.distance = r.feasible ? sim.distance : 0;
      return;
    }
    const p = m.profiles[m.profileOf[r.v] as number]!;
    const N = m.nNodes;
    const time = m.travel.duration;
    const speed = p.speed;
    const dist = m.travel.distance;
    const dep = r.dep;
    const ls = r.ls;
    let prev = m.vStart[r.v] as number;
    let t = m.shiftStart[r.v] as number;
    dep[0] = t;
    let c = 0;
    let d = 0;
    let waited = 0;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const s = nodes[i] as number;
      t += (time[prev * N + s] as number) * speed;
      c += legCost(p, m.travel, prev * N + s);
      d += dist[prev * N + s] as number;
      const k0 = m.twOff[s] as number;
      let st: number;
      if ((m.twOff[s + 1] as number) - k0 === 1) {
        const a = m.twStart[k0] as number;
        st = t > a ? t : a;
        if (t > (m.twEnd[k0] as number)) ok = false;
      } else {
        st = windowStart(m, s, t);
        if (Number.isNaN(st)) { ok = false; st = t; }
      }
      // As `simulate` prices it: the wait at the first stop is spent at the depot (the van leaves later), unpaid.
      if (i > 0) waited += st - t;
      t = st + (m.service[s] as number);
      dep[i + 1] = t;
      prev = s;
    }
    const end = m.vEnd[r.v] as number;
    t += (time[prev * N + end] as number) * speed;
    c += legCost(p, m.travel, prev * N + end);
    d += dist[prev * N + end] as number;
    dep[n + 1] = t;
    let l = m.shiftEnd[r.v] as number;
    ls[n + 1] = l;
    let next = end;
    for (let i = n - 1; i >= 0; i--) {
      const s = nodes[i] as number;
      const k0 = m.twOff[s] as number;
      const x = l - (time[s * N + next] as number) * speed - (m.service[s] as number);
      if ((m.twOff[s + 1] as number) - k0 === 1) {
        const b = m.twEnd[k0] as number;
        l = x < (m.twStart[k0] as number) ? -Infinity : x < b ? x : b;
      } else l = latestStart(m, s, x);
      ls[i + 1] = l;
      next = s;
    }
    ls[0] = l - (time[(m.vStart[r.v] as number) * N + next] as number) * speed;
    if (t > (m.shiftEnd[r.v] as number) + 1e-9) ok = false;
    for (let k = 0; k < D; k++) if ((r.load[k] as number) > (m.capacity[r.v * D + k] as number) + 1e-9) ok = false;
    r.feasible = ok && d <= (m.maxDistance[r.v] as number) + 1e-9 && n <= (m.maxStops[r.v] as number);
    r.cost = c + p.wait * waited;
    r.distance = d;
  }

  /** Inserts stop `s` at index `pos` of route `r` (not updating caches). */
  insertRaw(r: Route, s: number, pos: number): void {
    this.touch(r);
    r.nodes.splice(pos, 0, s);
  }

  /** Removes a request (both halves of a shipment) from its route, updating caches; returns the route. */
  remove(s: number): Route | null {
    const v = this.routeOf[s] as number;
    if (v < 0) return null;
    const r = this.routes[v]!;
    this.touch(r);
    const partner = this.m.partner[s] as number;
    r.nodes = r.nodes.filter((x) => x !== s && x !== partner);
    this.routeOf[s] = -1;
    if (partner >= 0) this.routeOf[partner] = -1;
    this.update(r);
    return r;
  }

  /** The objective of the current state. */
  objective(): Objective {
    const m = this.m;
    let unassigned = 0;
    for (const s of this.unassigned) unassigned += m.weight[s] as number;
    let vehicles = 0;
    let cost = 0;
    for (const r of this.routes) {
      if (r.nodes.length === 0) continue;
      if (m.vehiclesObjective) vehicles++;
      cost += r.cost + (m.fixed[r.v] as number);
    }
    return { unassigned, vehicles, cost };
  }

  usedRoutes(): number {
    let k = 0;
    for (const r of this.routes) if (r.nodes.length > 0) k++;
    return k;
  }

  /** Copies another solution's routes and unassigned list into this one. */
  copyFrom(o: Solution): void {
    this.routeOf.fill(-1);
    for (let i = 0; i < this.routes.length; i++) {
      const r = this.routes[i]!;
      r.nodes = o.routes[i]!.nodes.slice();
      r.nFrozen = o.routes[i]!.nFrozen;
      this.update(r);
    }
    this.unassigned = o.unassigned.slice();
  }

  /** The plan as stop sequences per vehicle. */
  sequences(): number[][] {
    return this.routes.map((r) => r.nodes.slice());
  }
}
