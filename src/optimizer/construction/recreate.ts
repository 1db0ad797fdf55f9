/** Recreate: greedy insertion with blinks in a sort order (SISR), and regret-2 insertion for the first plan. */
import type { Rng } from '../../domain/random.ts';
import type { Model } from '../model/problem.ts';
import type { Solution } from '../model/solution.ts';
import { applyInsertion, bestInRoute, noInsertion, openCost } from './insert.ts';

export interface RecreateOptions {
  blink: number;
  /** May an unused vehicle be opened? */
  allowNew: boolean;
  /** When set, requests are sorted by these counts, highest first (fleet minimisation). */
  absence?: Int32Array | undefined;
  /** When set, only these vehicles may be used, empty or not (fleet minimisation keeps its k routes). */
  fleet?: Uint8Array | undefined;
}

const tmp = noInsertion();
let stampCounter = 0;
let stamps = new Int32Array(16);
function classStamp(n: number): Int32Array {
  if (stamps.length < n) stamps = new Int32Array(n);
  return stamps;
}
const best = noInsertion();

/** Sorts the requests to insert: priority first, then one of SISR's orders drawn at random. */
export function sortRequests(m: Model, list: number[], rng: Rng, absence: Int32Array | undefined, depotDist: Float64Array): void {
  const shuffled = rng.shuffle(list);
  for (let i = 0; i < list.length; i++) list[i] = shuffled[i] as number;
  let key: ((s: number) => number) | null = null;
  if (absence) key = (s) => -(absence[s] as number);
  else {
    const u = rng.next() * 11;
    const D = m.dims;
    if (u < 4) key = null;
    else if (u < 8) key = (s) => { let x = 0; for (let k = 0; k < D; k++) x -= Math.abs(m.change[s * D + k] as number); return x; };
    else if (u < 10) key = (s) => -(depotDist[s] as number);
    else key = (s) => depotDist[s] as number;
  }
  const k = key;
  list.sort((a, b) => (m.weight[b] as number) - (m.weight[a] as number) || (k ? k(a) - k(b) : 0));
}

/** Inserts each request at its cheapest feasible position over all routes; those that fit nowhere stay unassigned. */
export function recreate(sol: Solution, list: readonly number[], rng: Rng, opt: RecreateOptions): void {
  const m = sol.m;
  const routes = sol.routes;
  for (const s of list) {
    best.delta = Infinity;
    let bestR = -1;
    const mark = ++stampCounter;
    for (let v = 0; v < routes.length; v++) {
      const r = routes[v]!;
      const empty = r.nodes.length === 0;
      if (opt.fleet) {
        if (opt.fleet[v] === 0) continue;
      } else if (empty) {
        // Identical unused vehicles give identical insertions: the first of each class stands for all.
        if (!opt.allowNew || classStamp(m.nVehicles)[m.vclass[v] as number] === mark) continue;
        classStamp(m.nVehicles)[m.vclass[v] as number] = mark;
      }
      bestInRoute(sol, r, s, tmp, rng, opt.blink);
      if (tmp.pos < 0) continue;
      const d = tmp.delta + (empty ? openCost(m, v) : 0);
      if (d < best.delta) {
        best.delta = d;
        best.pos = tmp.pos;
        best.pos2 = tmp.pos2;
        bestR = v;
      }
    }
    if (bestR < 0) sol.unassigned.push(s);
    else applyInsertion(sol, routes[bestR]!, s, best);
  }
}

/** Regret-2 insertion of every unassigned request: the one that would lose most by waiting goes first. */
export function regretInsert(sol: Solution, requests: readonly number[]): void {
  const m = sol.m;
  const V = sol.routes.length;
  const U = requests.length;
  const delta = new Float64Array(U * V);
  const pos = new Int32Array(U * V);
  const pos2 = new Int32Array(U * V);
  const done = new Uint8Array(U);
  const evalRoute = (i: number, v: number): void => {
    const r = sol.routes[v]!;
    bestInRoute(sol, r, requests[i] as number, tmp, null, 0);
    delta[i * V + v] = tmp.pos < 0 ? Infinity : tmp.delta + (r.nodes.length === 0 ? openCost(m, v) : 0);
    pos[i * V + v] = tmp.pos;
    pos2[i * V + v] = tmp.pos2;
  };
  for (let i = 0; i < U; i++) for (let v = 0; v < V; v++) evalRoute(i, v);
  for (let left = U; left > 0; left--) {
    let pick = -1;
    let pickRegret = -Infinity;
    let pickV = -1;
    for (let i = 0; i < U; i++) {
      if (done[i]) continue;
      let b1 = Infinity;
      let b2 = Infinity;
      let bv = -1;
      for (let v = 0; v < V; v++) {
        const d = delta[i * V + v] as number;
        if (d < b1) { b2 = b1; b1 = d; bv = v; } else if (d < b2) b2 = d;
      }
      if (bv < 0) continue;
      // Cap the regret so requests with one option still compare by their priority and cost.
      const regret = Math.min(b2 - b1, 1e12) + (m.weight[requests[i] as number] as number) * 1e13 - b1 * 1e-6;
      if (regret > pickRegret) { pickRegret = regret; pick = i; pickV = bv; }
    }
    if (pick < 0) break;
    done[pick] = 1;
    const r = sol.routes[pickV]!;
    best.pos = pos[pick * V + pickV] as number;
    best.pos2 = pos2[pick * V + pickV] as number;
    applyInsertion(sol, r, requests[pick] as number, best);
    for (let i = 0; i < U; i++) if (!done[i]) evalRoute(i, pickV);
  }
  for (let i = 0; i < U; i++) if (!done[i]) sol.unassigned.push(requests[i] as number);
}
