/** Independent validator: recomputes every route from the problem alone and lists every violated constraint. */
import type { Problem, ProblemInput, Solution } from './format/schema.ts';
import { ProblemSchema } from './format/schema.ts';
import { euclidean, haversine } from './model/travel.ts';

export interface Violation {
  code: string;
  vehicle?: string;
  stop?: string;
  message: string;
}

type Place = { xy?: readonly [number, number] | undefined; index?: number | undefined } | null;
interface StopInfo {
  id: string;
  kind: 'job' | 'pickup' | 'delivery';
  place: Place;
  service: number;
  windows: [number, number][];
  soft: boolean;
  delivery: number[];
  pickup: number[];
  skills: string[];
  release: number | undefined;
  allowed: string[] | undefined;
  partner: string | undefined;
}

const EPS = 1e-6;

function stopsOf(p: Problem): Map<string, StopInfo> {
  const out = new Map<string, StopInfo>();
  const tiers = p.sla_tiers ?? {};
  const soft = (sla: string | undefined): boolean => sla !== undefined && (tiers[sla]?.lateness_per_hour ?? 0) > 0;
  for (const j of p.jobs) {
    out.set(j.id, { id: j.id, kind: 'job', place: { xy: j.location, index: j.location_index }, service: j.service, windows: j.time_windows ?? [[-Infinity, Infinity]], soft: soft(j.sla), delivery: j.delivery ?? [], pickup: j.pickup ?? [], skills: j.skills ?? [], release: j.release, allowed: j.allowed_vehicles, partner: undefined });
  }
  for (const s of p.shipments) {
    for (const [half, step] of [['pickup', s.pickup], ['delivery', s.delivery]] as const) {
      const amount = s.amount ?? [];
      out.set(step.id, { id: step.id, kind: half, place: { xy: step.location, index: step.location_index }, service: step.service, windows: step.time_windows ?? [[-Infinity, Infinity]], soft: soft(step.sla), delivery: half === 'delivery' ? amount : [], pickup: half === 'pickup' ? amount : [], skills: s.skills ?? [], release: half === 'pickup' ? s.release : undefined, allowed: s.allowed_vehicles, partner: half === 'pickup' ? s.delivery.id : s.pickup.id });
    }
  }
  return out;
}

/** Travel time and distance between two places under the problem's travel model, speed factor 1. */
function leg(p: Problem, a: Place, b: Place): { time: number; dist: number } {
  if (a === null || b === null) return { time: 0, dist: 0 };
  const t = p.travel;
  if (t.kind === 'matrix') {
    const time = t.durations[a.index ?? -1]?.[b.index ?? -1];
    const dist = (t.distances ?? t.durations)[a.index ?? -1]?.[b.index ?? -1];
    return { time: time ?? NaN, dist: dist ?? NaN };
  }
  const pts = [a.xy ?? [NaN, NaN], b.xy ?? [NaN, NaN]] as const;
  const mat = t.kind === 'euclidean' ? euclidean(pts, t.speed) : haversine(pts, t.road_factor, t.speed_kmh);
  return { time: mat.duration[1] as number, dist: mat.distance[1] as number };
}

/** Every violated constraint of `solution` for `input`; an empty list means the plan is valid. */
export function validate(input: ProblemInput | Problem, solution: Solution): Violation[] {
  const p = ProblemSchema.parse(input);
  const out: Violation[] = [];
  const stops = stopsOf(p);
  const seen = new Map<string, string>();
  const vehicles = new Map(p.vehicles.map((v) => [v.id, v]));
  const usedVehicles = new Set<string>();
  for (const route of solution.routes) {
    const veh = vehicles.get(route.vehicle);
    if (!veh) { out.push({ code: 'unknown_vehicle', vehicle: route.vehicle, message: `route for unknown vehicle '${route.vehicle}'` }); continue; }
    if (usedVehicles.has(veh.id)) out.push({ code: 'vehicle_reused', vehicle: veh.id, message: 'vehicle has two routes' });
    usedVehicles.add(veh.id);
    const ids = route.steps.filter((s) => s.id !== undefined).map((s) => s.id as string);
    for (const id of ids) {
      if (!stops.has(id)) out.push({ code: 'unknown_stop', vehicle: veh.id, stop: id, message: `unknown stop '${id}'` });
      else if (seen.has(id)) out.push({ code: 'duplicate_stop', vehicle: veh.id, stop: id, message: `stop also served by ${seen.get(id)}` });
      seen.set(id, veh.id);
    }
    checkRoute(p, veh, ids.filter((id) => stops.has(id)).map((id) => stops.get(id) as StopInfo), route, out);
  }
  const unassigned = new Set(solution.unassigned.map((u) => u.id));
  for (const id of stops.keys()) {
    if (!seen.has(id) && !unassigned.has(id)) out.push({ code: 'missing_stop', stop: id, message: 'stop neither routed nor listed as unassigned' });
    if (seen.has(id) && unassigned.has(id)) out.push({ code: 'duplicate_stop', stop: id, message: 'stop both routed and unassigned' });
  }
  for (const u of solution.unassigned) if (u.reasons.length === 0) out.push({ code: 'unexplained', stop: u.id, message: 'unassigned stop without a reason' });
  return out;
}

function checkRoute(p: Problem, veh: Problem['vehicles'][number], seq: StopInfo[], route: Solution['routes'][number], out: Violation[]): void {
  const bad = (code: string, message: string, stop?: string): void => { out.push(stop === undefined ? { code, vehicle: veh.id, message } : { code, vehicle: veh.id, stop, message }); };
  const frozen = veh.frozen ?? [];
  frozen.forEach((id, i) => { if (seq[i]?.id !== id) bad('frozen_prefix', `frozen stop '${id}' is not at position ${i + 1}`, id); });
  if (seq.length > (veh.max_tasks ?? Infinity)) bad('max_stops', `${seq.length} stops, at most ${veh.max_tasks}`);
  const cap = veh.capacity;
  const dims = Math.max(cap?.length ?? 0, ...seq.map((s) => Math.max(s.delivery.length, s.pickup.length)));
  const load = new Array<number>(dims).fill(0);
  const pos = new Map(seq.map((s, i) => [s.id, i]));
  let depart = veh.time_window?.[0] ?? 0;
  for (const s of seq) {
    s.delivery.forEach((x, k) => { if (s.kind === 'job') load[k] = (load[k] as number) + x; });
    if (s.kind === 'job' && s.release !== undefined) depart = Math.max(depart, s.release);
    if (!s.skills.every((k) => veh.skills?.includes(k) ?? false)) bad('skill', `vehicle lacks a skill of ${s.skills.join(', ')}`, s.id);
    if (s.allowed && !s.allowed.includes(veh.id)) bad('vehicle_not_allowed', 'vehicle not in allowed_vehicles', s.id);
    if (s.partner !== undefined) {
      const j = pos.get(s.partner);
      if (j === undefined) bad('pair_split', `its partner '${s.partner}' is not on the same vehicle`, s.id);
      else if (s.kind === 'pickup' && j < (pos.get(s.id) as number)) bad('precedence', 'delivered before it is picked up', s.id);
    }
  }
  const overCap = (where: string, stop?: string): void => {
    load.forEach((x, k) => { if (x > (cap ? (cap[k] ?? 0) : Infinity) + EPS) bad('capacity', `load ${x} over capacity ${cap?.[k] ?? 0} in dimension ${k} ${where}`, stop); });
  };
  overCap('leaving the start');
  const rules = veh.driving_rules;
  const speed = veh.speed_factor;
  const startPlace: Place = { xy: veh.start, index: veh.start_index };
  const endPlace: Place = veh.open_end ? null : veh.end !== undefined || veh.end_index !== undefined ? { xy: veh.end, index: veh.end_index } : startPlace;
  let t = depart;
  let at: Place = startPlace;
  let dist = 0;
  let driving = 0;
  let daily = 0;
  const steps = [...seq.map((s) => ({ s, place: s.place })), { s: null, place: endPlace }];
  const reported = route.steps.filter((x) => x.type !== 'start' && x.type !== 'break');
  steps.forEach(({ s, place }, i) => {
    const l = leg(p, at, place);
    const tt = l.time * speed;
    if (!Number.isFinite(tt) || !Number.isFinite(l.dist)) bad('unreachable', 'no travel time to this place', s?.id);
    if (rules) {
      if (driving + tt > rules.max_continuous_driving) {
        const extra = Math.max(1, Math.ceil((driving + tt) / rules.max_continuous_driving) - 1);
        t += extra * rules.break_duration;
        driving = Math.min(rules.max_continuous_driving, tt - (extra - 1) * rules.max_continuous_driving);
      } else driving += tt;
      daily += tt;
      if (daily > (rules.max_daily_driving ?? Infinity) + EPS) bad('break', `daily driving ${daily.toFixed(0)} s over the limit`, s?.id);
    }
    t += tt;
    dist += l.dist;
    at = place;
    if (s === null) return;
    if (s.kind === 'pickup' && s.release !== undefined && t < s.release) t = s.release;
    const w = s.windows.find((x) => t <= x[1] + EPS);
    let start = t;
    if (w) start = Math.max(t, w[0]);
    else if (!s.soft) bad('time_window', `arrives at ${t.toFixed(3)} after its last window closes at ${s.windows[s.windows.length - 1]?.[1]}`, s.id);
    if (rules && start - t >= rules.break_duration && rules.break_duration > 0) driving = 0;
    const rep = reported[i];
    if (rep && Math.abs(rep.service_start - start) > EPS * Math.max(1, Math.abs(start))) bad('reported_time', `reported service start ${rep.service_start}, recomputed ${start}`, s.id);
    t = start + s.service;
    s.delivery.forEach((x, k) => { load[k] = (load[k] as number) - x; });
    s.pickup.forEach((x, k) => { load[k] = (load[k] as number) + x; });
    overCap(`after '${s.id}'`, s.id);
  });
  const shiftEnd = Math.min(veh.time_window?.[1] ?? Infinity, veh.unavailable_from ?? Infinity);
  if (t > shiftEnd + EPS) bad(veh.unavailable_from !== undefined && veh.unavailable_from < (veh.time_window?.[1] ?? Infinity) ? 'unavailable' : 'shift', `route ends at ${t.toFixed(3)}, after ${shiftEnd}`);
  if (t - depart > (veh.max_travel_time ?? Infinity) + EPS) bad('max_duration', `route lasts ${(t - depart).toFixed(0)} s`);
  if (dist > (veh.max_distance ?? Infinity) + EPS) bad('max_distance', `route is ${dist.toFixed(0)} long`);
  if (Math.abs(dist - route.distance) > EPS * Math.max(1, dist)) bad('reported_distance', `reported distance ${route.distance}, recomputed ${dist}`);
}
