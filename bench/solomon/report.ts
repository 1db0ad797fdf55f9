/** Best-known tables, per-instance rows and class means for the Solomon benchmark. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobResult } from './worker.ts';

export interface Bks {
  vehicles: number;
  distance: number;
}

/** Reads `instance,vehicles,distance,...` (quoted fields allowed) into a map keyed by lower-case instance name. */
export function readBks(dir: string, file: string): Map<string, Bks> {
  const out = new Map<string, Bks>();
  const path = join(dir, file);
  if (!existsSync(path)) return out;
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    const [name, v, d] = line.split(',');
    if (!name || v === undefined || d === undefined) continue;
    const vehicles = Number(v);
    const distance = Number(d);
    if (Number.isFinite(vehicles) && Number.isFinite(distance)) out.set(name.trim().toLowerCase(), { vehicles, distance });
  }
  return out;
}

export interface Row extends JobResult {
  class: string;
  bksVehicles: number | null;
  bksDistance: number | null;
  gapPct: number | null;
  vehiclesDiff: number | null;
}

/** Class of an instance name: letters plus the first digit (`rc204` → `RC2`, `c1_2_1` → `C1`). */
export function classOf(name: string): string {
  const m = /^([a-z]+)(\d)/i.exec(name);
  return m ? `${(m[1] as string).toUpperCase()}${m[2]}` : 'other';
}

export function toRow(r: JobResult, bks: Map<string, Bks>): Row {
  const b = bks.get(r.instance);
  return {
    ...r,
    class: classOf(r.instance),
    bksVehicles: b?.vehicles ?? null,
    bksDistance: b?.distance ?? null,
    gapPct: b ? ((r.distance - b.distance) / b.distance) * 100 : null,
    vehiclesDiff: b ? r.vehicles - b.vehicles : null,
  };
}

export interface Summary {
  group: string;
  instances: number;
  meanVehicles: number;
  totalVehicles: number;
  bksTotalVehicles: number | null;
  meanDistance: number;
  meanGapPct: number | null;
  meanVehiclesDiff: number | null;
  meanTimeS: number;
  invalid: number;
}

export function summarise(group: string, rows: readonly Row[]): Summary {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const withBks = rows.filter((r) => r.gapPct !== null);
  return {
    group,
    instances: rows.length,
    meanVehicles: mean(rows.map((r) => r.vehicles)),
    totalVehicles: rows.reduce((a, r) => a + r.vehicles, 0),
    bksTotalVehicles: withBks.length === rows.length ? rows.reduce((a, r) => a + (r.bksVehicles ?? 0), 0) : null,
    meanDistance: mean(rows.map((r) => r.distance)),
    meanGapPct: withBks.length ? mean(withBks.map((r) => r.gapPct as number)) : null,
    meanVehiclesDiff: withBks.length ? mean(withBks.map((r) => r.vehiclesDiff as number)) : null,
    meanTimeS: mean(rows.map((r) => r.timeS)),
    invalid: rows.filter((r) => r.violations.length > 0 || r.unassigned > 0).length,
  };
}

const f = (x: number | null, d = 2): string => (x === null ? '-' : x.toFixed(d));

export function rowLine(r: Row): string {
  return `${r.instance.padEnd(10)} ${String(r.vehicles).padStart(4)} ${r.distance.toFixed(2).padStart(10)} ${f(r.gapPct).padStart(7)} ${(r.vehiclesDiff === null ? '-' : (r.vehiclesDiff > 0 ? '+' : '') + r.vehiclesDiff).padStart(4)} ${r.timeS.toFixed(1).padStart(6)}${r.violations.length || r.unassigned ? '  INVALID' : ''}`;
}

export const ROW_HEADER = `${'instance'.padEnd(10)} ${'veh'.padStart(4)} ${'distance'.padStart(10)} ${'gap%'.padStart(7)} ${'dv'.padStart(4)} ${'time s'.padStart(6)}`;

export function summaryLine(s: Summary): string {
  return `${s.group.padEnd(8)} n=${String(s.instances).padStart(2)}  vehicles ${String(s.totalVehicles).padStart(4)}${s.bksTotalVehicles === null ? '' : ` (bks ${s.bksTotalVehicles})`}  mean veh ${s.meanVehicles.toFixed(2)}  mean dist ${s.meanDistance.toFixed(2)}  mean gap ${f(s.meanGapPct)} %  mean dv ${f(s.meanVehiclesDiff)}  mean time ${s.meanTimeS.toFixed(1)} s${s.invalid ? `  invalid ${s.invalid}` : ''}`;
}
