/** Travel on the simulated road: base times from planar or great-circle distance, and where a vehicle is mid-leg. */
import { type Location, roadMetres } from '../../domain/index.ts';
import type { TravelModel } from './model.ts';

/** 50 km/h, the optimizer's default urban speed, in m/s. */
const ROAD_MPS = 50_000 / 3600;
/** Benchmark instances (Solomon) put one planar unit at one km, driven at 60 km/h: a unit of distance is a minute. */
const PLANAR_MPS = 60_000 / 3600;

/** Planar km when both places have x/y (benchmark instances), else road metres from lat/lon. */
export const defaultTravel: TravelModel = (from, to) => {
  if (from.x !== undefined && from.y !== undefined && to.x !== undefined && to.y !== undefined) {
    const metres = Math.round(Math.hypot(to.x - from.x, to.y - from.y) * 1000);
    return { metres, seconds: Math.round(metres / PLANAR_MPS) };
  }
  const metres = roadMetres(from, to);
  return { metres, seconds: Math.round(metres / ROAD_MPS) };
};

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The point `fraction` (0..1) of the way from `a` to `b`, straight between them; six decimals (about 10 cm). */
export function between(a: Location, b: Location, fraction: number): Location {
  const f = Math.min(1, Math.max(0, fraction));
  const at: Location = { lat: round6(a.lat + (b.lat - a.lat) * f), lon: round6(a.lon + (b.lon - a.lon) * f) };
  if (a.x !== undefined && a.y !== undefined && b.x !== undefined && b.y !== undefined) {
    at.x = round6(a.x + (b.x - a.x) * f);
    at.y = round6(a.y + (b.y - a.y) * f);
  }
  return at;
}
