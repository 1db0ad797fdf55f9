/** Rough road distance and time between two places, for the sandbox's own estimates (transfers, quotes). */
import type { Location } from '../../domain/index.ts';

const EARTH_RADIUS_M = 6_371_000;
/** Roads are longer than the straight line. */
const ROAD_FACTOR = 1.3;
/** Average speed of a truck between depots, m/s (50 km/h). */
const SPEED_MPS = 50_000 / 3600;

/** Road metres between two places: great-circle distance times a road factor. */
export function roadMetresBetween(a: Location, b: Location): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h)) * ROAD_FACTOR);
}

/** Seconds to drive between two places at the sandbox's average speed. */
export function travelSecondsBetween(a: Location, b: Location): number {
  return Math.round(roadMetresBetween(a, b) / SPEED_MPS);
}
