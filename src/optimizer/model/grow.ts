/** Adding and retiring single jobs in a compiled model in place, so an event costs O(nodes) rather than a recompile. */
import type { Job } from '../format/schema.ts';
import type { Model } from './problem.ts';
import { KIND_JOB } from './problem.ts';
import { greatCircle } from './travel.ts';

/**
 * Fills a spare (or retired) slot with `job` and returns its stop index, or -1 when the fast path does not apply
 * (no slot with room for its windows, a travel matrix, soft windows or releases in a simple model, pickups: then recompile).
 */
export function addJob(m: Model, job: Job): number {
  const t = m.problem.travel;
  if (t.kind === 'matrix' || !job.location) return -1;
  const windows = job.time_windows ?? [[-Infinity, Infinity]];
  // Out-of-order or overlapping windows take the slow path, where the recompile names the field.
  for (let k = 1; k < windows.length; k++) if ((windows[k]![0]) < (windows[k - 1]![1])) return -1;
  const tier = job.sla !== undefined ? m.problem.sla_tiers?.[job.sla] : undefined;
  // An unknown tier takes the slow path, where the recompile names it.
  if (job.sla !== undefined && !tier) return -1;
  const late = tier && tier.lateness_per_hour > 0 ? tier.lateness_per_hour / 3600 : 0;
  // A release or a soft window needs the full feasibility checks: only a model already using them takes it in place.
  if ((job.release !== undefined || late > 0) && m.simple) return -1;
  if ((job.pickup ?? []).some((x) => x > 0) || (job.delivery?.length ?? 0) > m.dims) return -1;
  const s = takeSlot(m, windows.length);
  if (s < 0) return -1;
  const D = m.dims;
  m.stopId[s] = job.id;
  m.kind[s] = KIND_JOB;
  m.partner[s] = -1;
  m.service[s] = job.service;
  // Repeating the last window in the spare room changes nothing: service starts in the first window that fits.
  const k0 = m.twOff[s] as number;
  const room = (m.twOff[s + 1] as number) - k0;
  for (let k = 0; k < room; k++) {
    const w = windows[Math.min(k, windows.length - 1)]!;
    m.twStart[k0 + k] = w[0];
    m.twEnd[k0 + k] = w[1];
  }
  m.lastEnd[s] = windows[windows.length - 1]![1];
  m.lateCost[s] = late;
  m.release[s] = job.release ?? -Infinity;
  m.weight[s] = 1 + job.priority;
  for (let k = 0; k < D; k++) {
    const d = job.delivery?.[k] ?? 0;
    m.initLoad[s * D + k] = d;
    m.change[s * D + k] = -d;
  }
  const need = job.skills ?? [];
  for (let v = 0; v < m.nVehicles; v++) {
    const veh = m.problem.vehicles[v]!;
    const ok = need.every((k) => veh.skills?.includes(k) ?? false) && (!job.allowed_vehicles || job.allowed_vehicles.includes(veh.id));
    m.compat[v * m.nStops + s] = ok ? 1 : 0;
  }
  const p = job.location;
  m.points[s] = p;
  const N = m.nNodes;
  const nowhere = N - 1;
  // Both travel models here are symmetric: one computation fills a row and a column.
  for (let j = 0; j < N; j++) {
    const q = m.points[j] as readonly [number, number];
    let d = 0;
    let tt = 0;
    if (j !== nowhere && j !== s) {
      if (t.kind === 'euclidean') {
        d = Math.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2);
        tt = d / t.speed;
      } else {
        d = greatCircle(p, q) * t.road_factor;
        tt = d / (t.speed_kmh / 3.6);
      }
    }
    setBoth(m.travel.distance, N, s, j, d);
    setBoth(m.travel.duration, N, s, j, tt);
  }
  m.requests.push(s);
  m.problem.jobs.push(job);
  return s;
}

function setBoth(a: Float64Array, n: number, i: number, j: number, x: number): void {
  a[i * n + j] = x;
  a[j * n + i] = x;
}

/** Takes a job out of the model: no vehicle may serve it and it is no longer a request. */
export function retireJob(m: Model, s: number): void {
  const id = m.stopId[s];
  m.requests = m.requests.filter((r) => r !== s);
  for (let v = 0; v < m.nVehicles; v++) m.compat[v * m.nStops + s] = 0;
  m.problem.jobs = m.problem.jobs.filter((j) => j.id !== id);
  m.stopId[s] = '';
  m.weight[s] = 0;
  if (m.kind[s] === KIND_JOB) m.freeSlots.push(s);
}

/** A retired slot (the latest first) or the next spare one with room for `windows` windows; -1 when none. */
function takeSlot(m: Model, windows: number): number {
  const room = (s: number): number => (m.twOff[s + 1] as number) - (m.twOff[s] as number);
  for (let i = m.freeSlots.length - 1; i >= 0; i--) {
    const s = m.freeSlots[i] as number;
    if (room(s) >= windows) {
      m.freeSlots.splice(i, 1);
      return s;
    }
  }
  if (m.spareNext >= m.nStops || room(m.spareNext) < windows) return -1;
  return m.spareNext++;
}
