/** A seeded city-delivery instance: stops around a depot (lon/lat), windows, kg/m³ demands, a homogeneous fleet. */
import { createRng } from '../../src/domain/random.ts';
import type { JobInput, ProblemInput } from '../../src/optimizer/index.ts';

const DEPOT: [number, number] = [4.9, 52.37];
const DAY_START = 6 * 3600;

/** One random job near the depot (about 25 km around), with a 2–4 hour window in an 8–18 h day. */
export function randomJob(rng: ReturnType<typeof createRng>, id: string): JobInput {
  const r = 0.25 * Math.sqrt(rng.next());
  const a = rng.next() * 2 * Math.PI;
  const start = DAY_START + 2 * 3600 + rng.int(0, 7) * 3600;
  return {
    id,
    location: [DEPOT[0] + r * Math.cos(a) * 1.6, DEPOT[1] + r * Math.sin(a)],
    service: 300 + rng.int(0, 4) * 60,
    delivery: [rng.int(20, 200), rng.int(1, 10) / 10],
    time_windows: [[start, start + rng.int(2, 4) * 3600]],
    priority: rng.chance(0.1) ? 50 : 0,
  };
}

/** `stops` jobs and `vehicles` vehicles (1,500 kg, 8 m³, 06:00–20:00), deterministic for a seed. */
export function cityInstance(stops: number, vehicles: number, seed: number): ProblemInput {
  const rng = createRng(seed);
  return {
    travel: { kind: 'haversine', road_factor: 1.3, speed_kmh: 40 },
    objective: 'vehicles',
    dimensions: ['kg', 'm3'],
    jobs: Array.from({ length: stops }, (_, i) => randomJob(rng, `s${i}`)),
    vehicles: Array.from({ length: vehicles }, (_, i) => ({
      id: `v${i}`,
      start: DEPOT,
      capacity: [1500, 8],
      time_window: [DAY_START, DAY_START + 14 * 3600] as [number, number],
      costs: { fixed: 5000, per_km: 50, per_hour: 2000 },
    })),
  };
}
