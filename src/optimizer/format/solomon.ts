/** Reads the Solomon VRPTW text format into the JSON problem format (Euclidean, unrounded, travel time = distance). */
import { InputError } from '../../domain/errors.ts';
import type { ProblemInput } from './schema.ts';

export interface SolomonInstance {
  name: string;
  vehicles: number;
  capacity: number;
  problem: ProblemInput;
}

/** Parses a Solomon file; `objective` picks the hierarchical (`vehicles`) or pure distance (`cost`) objective. */
export function parseSolomon(text: string, objective: 'vehicles' | 'cost' = 'vehicles'): SolomonInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines[0] ?? '';
  const vi = lines.findIndex((l) => /^NUMBER\s+CAPACITY/i.test(l));
  const fleet = vi >= 0 ? (lines[vi + 1] ?? '').split(/\s+/).map(Number) : [];
  const [count, capacity] = fleet;
  if (count === undefined || capacity === undefined || !Number.isFinite(count) || !Number.isFinite(capacity)) {
    throw new InputError('invalid_solomon', [{ path: 'VEHICLE', reason: 'missing NUMBER CAPACITY line' }], name);
  }
  const rows: number[][] = [];
  const ci = lines.findIndex((l) => /^CUST\s/i.test(l));
  for (const l of lines.slice(ci + 1)) {
    if (!l) continue;
    const f = l.split(/\s+/).map(Number);
    if (f.length < 7 || f.some((x) => !Number.isFinite(x))) {
      throw new InputError('invalid_solomon', [{ path: `line '${l}'`, reason: 'expected 7 numbers' }], name);
    }
    rows.push(f);
  }
  const depot = rows[0];
  if (!depot) throw new InputError('invalid_solomon', [{ path: 'CUSTOMER', reason: 'no depot row' }], name);
  const loc = (r: number[]): [number, number] => [r[1] as number, r[2] as number];
  const problem: ProblemInput = {
    travel: { kind: 'euclidean', speed: 1 },
    objective,
    jobs: rows.slice(1).map((r) => ({
      id: String(r[0]),
      location: loc(r),
      delivery: [r[3] as number],
      time_windows: [[r[4] as number, r[5] as number]],
      service: r[6] as number,
    })),
    vehicles: Array.from({ length: count }, (_, i) => ({
      id: `v${i + 1}`,
      start: loc(depot),
      end: loc(depot),
      capacity: [capacity],
      time_window: [depot[4] as number, depot[5] as number] as [number, number],
    })),
  };
  return { name, vehicles: count, capacity, problem };
}
