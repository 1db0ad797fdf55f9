/** Travel models: Euclidean (benchmarks), haversine with a road factor and speed, or a supplied matrix. */

/** Square matrices over nodes, row-major: `a[i * n + j]`. */
export interface TravelMatrices {
  n: number;
  /** Metres (or coordinate units for Euclidean). */
  distance: Float64Array;
  /** Seconds at speed factor 1. */
  duration: Float64Array;
}

/** Euclidean distances in double precision, unrounded (the Solomon convention); time = distance / speed. */
export function euclidean(points: readonly (readonly [number, number])[], speed: number): TravelMatrices {
  const n = points.length;
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const [xi, yi] = points[i] as readonly [number, number];
    for (let j = 0; j < n; j++) {
      const [xj, yj] = points[j] as readonly [number, number];
      const dx = xi - xj;
      const dy = yi - yj;
      const d = Math.sqrt(dx * dx + dy * dy);
      distance[i * n + j] = d;
      duration[i * n + j] = d / speed;
    }
  }
  return { n, distance, duration };
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle metres between two `[lon, lat]` points. */
export function greatCircle(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle metres times a road factor; time at `speedKmh`. Points are `[lon, lat]`. */
export function haversine(points: readonly (readonly [number, number])[], roadFactor: number, speedKmh: number): TravelMatrices {
  const n = points.length;
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  const mps = speedKmh / 3.6;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = greatCircle(points[i] as readonly [number, number], points[j] as readonly [number, number]) * roadFactor;
      distance[i * n + j] = distance[j * n + i] = d;
      duration[i * n + j] = duration[j * n + i] = d / mps;
    }
  }
  return { n, distance, duration };
}

/** Node matrices picked out of a supplied location matrix by each node's location index. */
export function fromMatrix(
  durations: readonly (readonly number[])[],
  distances: readonly (readonly number[])[] | undefined,
  index: readonly number[],
): TravelMatrices {
  const n = index.length;
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const li = index[i] as number;
    const drow = durations[li] as readonly number[];
    const mrow = distances ? (distances[li] as readonly number[]) : drow;
    for (let j = 0; j < n; j++) {
      const lj = index[j] as number;
      duration[i * n + j] = drow[lj] as number;
      // Without a distance matrix, durations stand in for distances (a cost, not metres).
      distance[i * n + j] = mrow[lj] as number;
    }
  }
  return { n, distance, duration };
}

/** One pair's figures from `a` to `b`, written into `out`: extending matrices by thousands of pairs per event allocates nothing. */
export type PairFigures = (a: readonly [number, number], b: readonly [number, number], out: { distance: number; duration: number }) => void;

/** `euclidean`'s figures for one pair, the same arithmetic. */
export function euclideanPair(speed: number): PairFigures {
  return (a, b, out) => {
    const dx = a[0] - b[0];
    const dy = a[1] - b[1];
    const d = Math.sqrt(dx * dx + dy * dy);
    out.distance = d;
    out.duration = d / speed;
  };
}

/** `haversine`'s figures for one pair, the same arithmetic. */
export function haversinePair(roadFactor: number, speedKmh: number): PairFigures {
  const mps = speedKmh / 3.6;
  return (a, b, out) => {
    const d = greatCircle(a, b) * roadFactor;
    out.distance = d;
    out.duration = d / mps;
  };
}

/**
 * Memory for a pair of matrices, from matrices no longer read (see `extendMatrices`): each array holds at least as
 * many figures as its length says, of which a smaller matrix uses the first n × n.
 */
export interface MatrixMemory {
  distance: Float64Array;
  duration: Float64Array;
}

/** Nodes of headroom in memory allocated for reuse: a depot's plan gains a few stops a wave and keeps its memory. */
const HEADROOM_NODES = 128;

/** `n` × `n` matrices on `memory` when it has room, else on new memory (with headroom when reuse is asked for). */
function matricesOn(n: number, memory: MatrixMemory | undefined): TravelMatrices {
  const size = n * n;
  if (memory && memory.distance.length >= size && memory.duration.length >= size) {
    return { n, distance: memory.distance.subarray(0, size), duration: memory.duration.subarray(0, size) };
  }
  if (!memory) return { n, distance: new Float64Array(size), duration: new Float64Array(size) };
  const room = (n + HEADROOM_NODES) ** 2;
  return { n, distance: new Float64Array(room).subarray(0, size), duration: new Float64Array(room).subarray(0, size) };
}

/** The whole memory under `travel`'s arrays, headroom included, for a later `extendMatrices` to write into. */
export function memoryOf(travel: TravelMatrices): MatrixMemory {
  const whole = (a: Float64Array) => new Float64Array(a.buffer, 0, a.buffer.byteLength / Float64Array.BYTES_PER_ELEMENT);
  return { distance: whole(travel.distance), duration: whole(travel.duration) };
}

/**
 * Matrices for `points` that copy every pair already in `old` (matched by coordinates) and compute only new pairs
 * with `pair`; `build` computes them all when most points are new. With `memory` (matrices nobody reads any more), the
 * new ones are written there when it has room: a busy depot's plan is compiled at every wave, and two fresh matrices
 * of about 10 MB each time cost more to page in and collect than to fill.
 */
export function extendMatrices(
  points: readonly (readonly [number, number])[],
  old: { points: readonly (readonly [number, number])[]; travel: TravelMatrices },
  build: (pts: readonly (readonly [number, number])[]) => TravelMatrices,
  pair: PairFigures,
  memory?: MatrixMemory,
): TravelMatrices {
  // Keyed by x, then y: a string key per point turned two doubles into text for every point at every compile.
  const oldIndex = new Map<number, Map<number, number>>();
  old.points.forEach((p, i) => {
    let byY = oldIndex.get(p[0]);
    if (!byY) oldIndex.set(p[0], (byY = new Map()));
    if (!byY.has(p[1])) byY.set(p[1], i);
  });
  const map = points.map((p) => oldIndex.get(p[0])?.get(p[1]) ?? -1);
  const fresh = points.filter((_, i) => map[i] === -1);
  if (fresh.length * 4 > points.length) return build(points);
  const n = points.length;
  const on = old.travel.n;
  // Every figure is written below (each pair with a new point from the new point's row), so reused memory needs no clearing.
  const travel = matricesOn(n, memory && memory.distance.buffer !== old.travel.distance.buffer ? memory : undefined);
  const { distance, duration } = travel;
  // The kept columns as runs of consecutive old columns: a wave adds and drops a few points, so a kept point's row is
  // copied in a few long runs, with no lookup per figure.
  const runs: number[] = [];
  for (let j = 0; j < n;) {
    const oj = map[j] as number;
    if (oj < 0) { j++; continue; }
    let len = 1;
    while (j + len < n && map[j + len] === oj + len) len++;
    runs.push(j, oj, len);
    j += len;
  }
  const od = old.travel.distance;
  const ot = old.travel.duration;
  const out = { distance: 0, duration: 0 };
  for (let i = 0; i < n; i++) {
    const oi = map[i] as number;
    if (oi >= 0) {
      // A kept point: its figures to other kept points are the old ones; those to new points come from their rows.
      const row = i * n;
      const orow = oi * on;
      for (let r = 0; r < runs.length; r += 3) {
        const to = row + (runs[r] as number);
        const from = orow + (runs[r + 1] as number);
        const len = runs[r + 2] as number;
        for (let k = 0; k < len; k++) {
          distance[to + k] = od[from + k] as number;
          duration[to + k] = ot[from + k] as number;
        }
      }
      continue;
    }
    // A new point: compute its pair with every point, both directions (the models here are symmetric).
    for (let j = 0; j < n; j++) {
      pair(points[i] as readonly [number, number], points[j] as readonly [number, number], out);
      distance[i * n + j] = distance[j * n + i] = out.distance;
      duration[i * n + j] = duration[j * n + i] = out.duration;
    }
  }
  return travel;
}
