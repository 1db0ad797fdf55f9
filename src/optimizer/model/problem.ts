/** Compiles a parsed JSON problem into flat typed arrays the search reads in its inner loops. */
import { InputError } from '../../domain/errors.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import type { Problem } from '../format/schema.ts';
import { euclidean, euclideanPair, extendMatrices, fromMatrix, haversine, haversinePair } from './travel.ts';
import type { MatrixMemory, TravelMatrices } from './travel.ts';

export const KIND_JOB = 0;
export const KIND_PICKUP = 1;
export const KIND_DELIVERY = 2;

/**
 * Travel time and cost seen by one group of vehicles (same speed factor and cost rates). A leg's time is the travel
 * duration times `speed`, worked out where it is read (`legTime`): a matrix of it per speed factor was two of a live
 * plan's matrices, allocated and filled at every compile.
 */
export interface Profile {
  /**
   * Cost is travel time (no rates): a leg costs its time. Otherwise a leg costs `cd × distance + ct × time`, worked
   * out where it is read (`legCost`): a matrix of it per profile was three of a live plan's six matrices, rebuilt at
   * every compile.
   */
  costIsTime: boolean;
  speed: number;
  /** Cost per distance unit and per second. */
  cd: number;
  ct: number;
  /** Cost per second waiting at a stop for its window: the hourly rate, which is paid while the van waits too; 0 without rates. */
  wait: number;
}

/** How long leg `k` (a matrix index) takes on profile `p`. */
export function legTime(p: Profile, travel: TravelMatrices, k: number): number {
  return (travel.duration[k] as number) * p.speed;
}

/** What leg `k` (a matrix index) costs on profile `p`. */
export function legCost(p: Profile, travel: TravelMatrices, k: number): number {
  const tt = (travel.duration[k] as number) * p.speed;
  return p.costIsTime ? tt : p.cd * (travel.distance[k] as number) + p.ct * tt;
}

export interface Model {
  problem: Problem;
  /** Stops are nodes 0..nStops-1; depots and the "nowhere" node of open routes follow. */
  nStops: number;
  nNodes: number;
  dims: number;
  stopId: string[];
  kind: Uint8Array;
  /** The other half of a shipment, or -1. */
  partner: Int32Array;
  service: Float64Array;
  twOff: Int32Array;
  twStart: Float64Array;
  twEnd: Float64Array;
  lastEnd: Float64Array;
  /** Lateness price per second; 0 means the windows are hard. */
  lateCost: Float64Array;
  /** Loaded at the start depot for this stop (job deliveries), per dimension. */
  initLoad: Float64Array;
  /** Load change when the stop is served, per dimension. */
  change: Float64Array;
  release: Float64Array;
  /** Penalty weight for leaving the stop unassigned (1 + priority). */
  weight: Float64Array;
  /** Jobs and shipment pickups ("requests"); a shipment's delivery follows its pickup. */
  requests: number[];
  nVehicles: number;
  vehicleId: string[];
  vStart: Int32Array;
  vEnd: Int32Array;
  shiftStart: Float64Array;
  shiftEnd: Float64Array;
  maxDuration: Float64Array;
  maxDistance: Float64Array;
  maxStops: Int32Array;
  capacity: Float64Array;
  fixed: Float64Array;
  maxDrive: Float64Array;
  breakLen: Float64Array;
  maxDaily: Float64Array;
  frozen: number[][];
  /** Vehicles with equal attributes share a class, so one unused vehicle of a class stands for all. */
  vclass: Int32Array;
  profileOf: Int32Array;
  profiles: Profile[];
  /** compat[v * nStops + s]: the vehicle may ever serve the stop (skills, allowed vehicles, size, frozen). */
  compat: Uint8Array;
  travel: TravelMatrices;
  /** Node coordinates (Euclidean and haversine travel), kept so a later compile can reuse the matrices. */
  points: (readonly [number, number])[];
  /** Stops from here on are spare slots that events fill without a recompile (see grow.ts). */
  spareNext: number;
  /** Retired single-window slots that `addJob` may fill again. */
  freeSlots: number[];
  /** No shipments, pickups, soft windows, releases, breaks or duration limits: O(1) insertion checks apply. */
  simple: boolean;
  vehiclesObjective: boolean;
}

type Pt = readonly [number, number];

/** Windows a spare slot can hold. */
export const SLOT_WINDOWS = 2;

/**
 * Builds the model; throws an InputError naming the stop or vehicle field for inconsistent input. `previous` lends the
 * figures of the places both share; `memory` (matrices no model reads any more) is written over when it has room.
 */
export function compile(problem: Problem, previous?: Model, spare = 0, memory?: MatrixMemory): Model {
  const issues: FieldIssue[] = [];
  const dims = Math.max(
    0,
    ...problem.vehicles.map((v) => v.capacity?.length ?? 0),
    ...problem.jobs.map((j) => Math.max(j.delivery?.length ?? 0, j.pickup?.length ?? 0)),
    ...problem.shipments.map((s) => s.amount?.length ?? 0),
  );
  const stops: { id: string; path: string; kind: number; src: Problem['jobs'][number] | Problem['shipments'][number]['pickup']; ship?: Problem['shipments'][number]; job?: Problem['jobs'][number] }[] = [];
  problem.jobs.forEach((j, i) => stops.push({ id: j.id, path: `jobs.${i}`, kind: KIND_JOB, src: j, job: j }));
  problem.shipments.forEach((s, i) => {
    stops.push({ id: s.pickup.id, path: `shipments.${i}.pickup`, kind: KIND_PICKUP, src: s.pickup, ship: s });
    stops.push({ id: s.delivery.id, path: `shipments.${i}.delivery`, kind: KIND_DELIVERY, src: s.delivery, ship: s });
  });
  const real = stops.length;
  // Spare slots: placeholder stops no vehicle may serve until an event fills them. Each has room for
  // SLOT_WINDOWS windows (a customer open mornings and afternoons); a job with fewer repeats its last one.
  const placeholder = {
    id: '', service: 0, priority: 0, location: [0, 0] as [number, number], location_index: 0,
    time_windows: Array.from({ length: SLOT_WINDOWS }, () => [0, 0] as [number, number]),
  };
  for (let i = 0; i < spare; i++) stops.push({ id: '', path: 'spare', kind: KIND_JOB, src: placeholder });
  const S = stops.length;
  const seen = new Map<string, string>();
  for (const s of stops.slice(0, real)) {
    const prev = seen.get(s.id);
    if (prev) issues.push({ path: `${s.path}.id`, reason: `duplicate stop id '${s.id}' (also ${prev})` });
    seen.set(s.id, s.path);
  }
  const vseen = new Set<string>();
  problem.vehicles.forEach((v, i) => {
    if (vseen.has(v.id)) issues.push({ path: `vehicles.${i}.id`, reason: `duplicate vehicle id '${v.id}'` });
    vseen.add(v.id);
  });
  const isMatrix = problem.travel.kind === 'matrix';
  const points: Pt[] = [];
  const index: number[] = [];
  const size = problem.travel.kind === 'matrix' ? problem.travel.durations.length : 0;
  const place = (loc: Pt | undefined, idx: number | undefined, path: string, locName: string, idxName: string): void => {
    if (isMatrix) {
      if (idx === undefined) issues.push({ path: `${path}.${idxName}`, reason: 'is required with a travel matrix' });
      else if (idx >= size) issues.push({ path: `${path}.${idxName}`, reason: `${idx} is outside the ${size}×${size} matrix` });
      index.push(idx ?? 0);
      points.push([0, 0]);
    } else {
      if (!loc) issues.push({ path: `${path}.${locName}`, reason: 'is required (coordinates [x, y] or [lon, lat])' });
      points.push(loc ?? [0, 0]);
      index.push(0);
    }
  };
  for (const s of stops) place(s.src.location, s.src.location_index, s.path, 'location', 'location_index');
  const vStart = new Int32Array(problem.vehicles.length);
  const vEnd = new Int32Array(problem.vehicles.length);
  // Vans of one depot share its node: a fleet of 20 at two depots adds 2 nodes, not 40, to every matrix.
  const depotNodes = new Map<string, number>();
  const vehicleNode = (loc: Pt | undefined, idx: number | undefined, path: string, locName: string, idxName: string): number => {
    const key = isMatrix ? (idx === undefined ? undefined : `i${idx}`) : loc ? `${loc[0]},${loc[1]}` : undefined;
    const known = key === undefined ? undefined : depotNodes.get(key);
    if (known !== undefined) return known;
    const node = points.length;
    place(loc, idx, path, locName, idxName);
    if (key !== undefined) depotNodes.set(key, node);
    return node;
  };
  problem.vehicles.forEach((v, i) => {
    vStart[i] = vehicleNode(v.start, v.start_index, `vehicles.${i}`, 'start', 'start_index');
    if (v.open_end) vEnd[i] = -1;
    else if (v.end === undefined && v.end_index === undefined) vEnd[i] = vStart[i] as number;
    else vEnd[i] = vehicleNode(v.end, v.end_index, `vehicles.${i}`, 'end', 'end_index');
  });
  const nowhere = points.length;
  points.push([0, 0]);
  index.push(0);
  for (let i = 0; i < vEnd.length; i++) if (vEnd[i] === -1) vEnd[i] = nowhere;
  if (problem.travel.kind === 'matrix') {
    const t = problem.travel;
    t.durations.forEach((row, i) => {
      if (row.length !== size) issues.push({ path: `travel.durations.${i}`, reason: `has ${row.length} entries, expected ${size} (the matrix must be square)` });
    });
    if (t.distances) {
      if (t.distances.length !== size) issues.push({ path: 'travel.distances', reason: `has ${t.distances.length} rows, expected ${size} like durations` });
      t.distances.forEach((row, i) => {
        if (row.length !== size) issues.push({ path: `travel.distances.${i}`, reason: `has ${row.length} entries, expected ${size}` });
      });
    }
  }
  if (issues.length > 0) throw new InputError('invalid_problem', issues, 'problem');
  let travel: TravelMatrices;
  if (problem.travel.kind === 'matrix') travel = fromMatrix(problem.travel.durations, problem.travel.distances, index);
  else {
    const t = problem.travel;
    const build = (pts: readonly Pt[]): TravelMatrices => (t.kind === 'euclidean' ? euclidean(pts, t.speed) : haversine(pts, t.road_factor, t.speed_kmh));
    const same = previous && JSON.stringify(previous.problem.travel) === JSON.stringify(t);
    // Events add or drop a few stops: reuse the previous matrices rather than recomputing every pair.
    const pair = t.kind === 'euclidean' ? euclideanPair(t.speed) : haversinePair(t.road_factor, t.speed_kmh);
    travel = same && previous ? extendMatrices(points, { points: previous.points, travel: previous.travel }, build, pair, memory) : build(points);
  }
  const N = travel.n;
  for (let k = 0; k < N; k++) {
    // The nowhere node is free to reach, so an open route simply ends at its last stop.
    travel.distance[nowhere * N + k] = travel.distance[k * N + nowhere] = 0;
    travel.duration[nowhere * N + k] = travel.duration[k * N + nowhere] = 0;
  }
  const m = fill(problem, stops, dims, travel, vStart, vEnd, issues, points);
  m.spareNext = real;
  m.requests = m.requests.filter((r) => r < real);
  for (let v = 0; v < m.nVehicles; v++) m.compat.fill(0, v * S + real, v * S + S);
  return m;
}

function fill(
  problem: Problem,
  stops: { id: string; path: string; kind: number; src: Problem['jobs'][number] | Problem['shipments'][number]['pickup']; ship?: Problem['shipments'][number]; job?: Problem['jobs'][number] }[],
  dims: number,
  travel: TravelMatrices,
  vStart: Int32Array,
  vEnd: Int32Array,
  issues: FieldIssue[],
  points: Pt[],
): Model {
  const S = stops.length;
  const V = problem.vehicles.length;
  const id2stop = new Map(stops.map((s, i) => [s.id, i]));
  const tiers = problem.sla_tiers ?? {};
  const twOff = new Int32Array(S + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  const m = {
    kind: new Uint8Array(S), partner: new Int32Array(S).fill(-1), service: new Float64Array(S), lastEnd: new Float64Array(S),
    lateCost: new Float64Array(S), initLoad: new Float64Array(S * dims), change: new Float64Array(S * dims),
    release: new Float64Array(S).fill(-Infinity), weight: new Float64Array(S),
  };
  const requests: number[] = [];
  let simple = problem.shipments.length === 0;
  stops.forEach((s, i) => {
    m.kind[i] = s.kind;
    m.service[i] = s.src.service;
    twOff[i] = starts.length;
    for (const [a, b] of s.src.time_windows ?? [[-Infinity, Infinity]]) {
      if (starts.length > twOff[i]! && a < ends[ends.length - 1]!) issues.push({ path: `${s.path}.time_windows`, reason: 'windows must be sorted and must not overlap' });
      starts.push(a);
      ends.push(b);
    }
    m.lastEnd[i] = ends[ends.length - 1] as number;
    if (s.src.sla !== undefined) {
      const tier = tiers[s.src.sla];
      if (!tier) issues.push({ path: `${s.path}.sla`, reason: `unknown SLA tier '${s.src.sla}' (declare it in sla_tiers)` });
      else if (tier.lateness_per_hour > 0) { m.lateCost[i] = tier.lateness_per_hour / 3600; simple = false; }
    }
    const owner = s.job ?? s.ship;
    m.weight[i] = 1 + (owner?.priority ?? 0);
    if (owner?.release !== undefined) { m.release[i] = owner.release; simple = false; }
    for (let k = 0; k < dims; k++) {
      if (s.job) {
        const d = s.job.delivery?.[k] ?? 0;
        const p = s.job.pickup?.[k] ?? 0;
        if (p > 0) simple = false;
        m.initLoad[i * dims + k] = d;
        m.change[i * dims + k] = p - d;
      } else {
        const a = s.ship?.amount?.[k] ?? 0;
        m.change[i * dims + k] = s.kind === KIND_PICKUP ? a : -a;
      }
    }
    if (s.kind === KIND_PICKUP) { m.partner[i] = i + 1; m.partner[i + 1] = i; }
    if (s.kind !== KIND_DELIVERY) requests.push(i);
  });
  twOff[S] = starts.length;
  const vehicles = problem.vehicles;
  const f64 = () => new Float64Array(V);
  const v = {
    shiftStart: f64(), shiftEnd: f64(), maxDuration: f64(), maxDistance: f64(), maxStops: new Int32Array(V), capacity: new Float64Array(V * dims),
    fixed: f64(), maxDrive: f64(), breakLen: f64(), maxDaily: f64(), profileOf: new Int32Array(V),
  };
  const frozen: number[][] = [];
  const frozenOn = new Int32Array(S).fill(-1);
  const profiles: Model['profiles'] = [];
  const profileKeys = new Map<string, number>();
  vehicles.forEach((veh, i) => {
    // Without a shift a vehicle may leave at the problem's time origin, 0.
    v.shiftStart[i] = veh.time_window?.[0] ?? 0;
    v.shiftEnd[i] = Math.min(veh.time_window?.[1] ?? Infinity, veh.unavailable_from ?? Infinity);
    v.maxDuration[i] = veh.max_travel_time ?? Infinity;
    v.maxDistance[i] = veh.max_distance ?? Infinity;
    v.maxStops[i] = veh.max_tasks ?? 1 << 30;
    for (let k = 0; k < dims; k++) v.capacity[i * dims + k] = veh.capacity?.[k] ?? (veh.capacity ? 0 : Infinity);
    v.fixed[i] = veh.costs?.fixed ?? 0;
    v.maxDrive[i] = veh.driving_rules?.max_continuous_driving ?? Infinity;
    v.breakLen[i] = veh.driving_rules?.break_duration ?? 0;
    v.maxDaily[i] = veh.driving_rules?.max_daily_driving ?? Infinity;
    if (veh.driving_rules || veh.max_travel_time !== undefined) simple = false;
    const perKm = veh.costs?.per_km;
    const perHour = veh.costs?.per_hour;
    // Without rates, cost is travel time (VROOM's default), which is distance on Solomon instances.
    const cd = (perKm ?? 0) / 1000;
    const ct = perKm === undefined && perHour === undefined ? 1 : (perHour ?? 0) / 3600;
    // Waiting is priced wherever a route is evaluated (the search's acceptance, the solution); on simple problems the
    // O(1) insertion check still ranks positions by travel alone, which keeps insertion constant-time.
    const wait = perHour === undefined ? 0 : perHour / 3600;
    const key = `${veh.speed_factor}|${cd}|${ct}|${wait}`;
    let p = profileKeys.get(key);
    if (p === undefined) {
      p = profiles.length;
      profiles.push({ costIsTime: cd === 0 && ct === 1, speed: veh.speed_factor, cd, ct, wait });
      profileKeys.set(key, p);
    }
    v.profileOf[i] = p;
    const list: number[] = [];
    (veh.frozen ?? []).forEach((sid, k) => {
      const s = id2stop.get(sid);
      if (s === undefined) issues.push({ path: `vehicles.${i}.frozen.${k}`, reason: `unknown stop '${sid}'` });
      else if (frozenOn[s] !== -1) issues.push({ path: `vehicles.${i}.frozen.${k}`, reason: `stop '${sid}' is frozen on two vehicles` });
      else { frozenOn[s] = i; list.push(s); }
    });
    frozen.push(list);
  });
  if (issues.length > 0) throw new InputError('invalid_problem', issues, 'problem');
  const vclass = new Int32Array(V);
  const classes = new Map<string, number>();
  vehicles.forEach((veh, i) => {
    const key = JSON.stringify({ ...veh, id: '' });
    const c = classes.get(key) ?? classes.size;
    classes.set(key, c);
    vclass[i] = c;
  });
  const compat = new Uint8Array(V * S);
  const vehicleIndex = new Map(vehicles.map((veh, i) => [veh.id, i]));
  // A depot's job lists most vans of the depot, and this runs for every stop at each compile: the allowed vans are
  // marked by index, with nothing allocated per stop or per vehicle.
  const allowedHere = new Uint8Array(V);
  for (let s = 0; s < S; s++) {
    const st = stops[s]!;
    const owner = st.job ?? st.ship;
    const need = owner?.skills ?? [];
    const allowed = owner?.allowed_vehicles;
    if (allowed) {
      allowedHere.fill(0);
      for (const id of allowed) {
        const i = vehicleIndex.get(id);
        if (i !== undefined) allowedHere[i] = 1;
      }
    } else allowedHere.fill(1);
    const anchor = st.kind === KIND_DELIVERY ? s - 1 : s;
    const fo = Math.max(frozenOn[s] as number, frozenOn[anchor] as number, st.kind === KIND_PICKUP ? (frozenOn[s + 1] as number) : -1);
    for (let i = 0; i < V; i++) {
      let ok = allowedHere[i] === 1 && (fo === -1 || fo === i);
      if (ok && need.length > 0) {
        const skills = vehicles[i]!.skills;
        for (const sk of need) if (!(skills?.includes(sk) ?? false)) ok = false;
      }
      compat[i * S + s] = ok ? 1 : 0;
    }
  }
  return {
    problem, nStops: S, nNodes: travel.n, dims, stopId: stops.map((s) => s.id), ...m, twOff, twStart: Float64Array.from(starts), twEnd: Float64Array.from(ends),
    requests, nVehicles: V, vehicleId: vehicles.map((x) => x.id), vStart, vEnd, ...v, frozen, vclass, profiles, compat, travel, points, spareNext: S, freeSlots: [], simple,
    vehiclesObjective: problem.objective === 'vehicles',
  };
}
