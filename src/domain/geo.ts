/** Distances on the map: great-circle metres, and a road estimate from them. */
import type { Location } from './common.ts';

const EARTH_RADIUS_M = 6_371_000;
/** Roads are longer than the straight line; 1.3 is a common urban/regional factor. */
export const ROAD_FACTOR = 1.3;

/** Great-circle distance in metres. */
export function haversineMetres(a: Pick<Location, 'lat' | 'lon'>, b: Pick<Location, 'lat' | 'lon'>): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Estimated road metres between two places, rounded to whole metres. */
export function roadMetres(a: Pick<Location, 'lat' | 'lon'>, b: Pick<Location, 'lat' | 'lon'>): number {
  return Math.round(haversineMetres(a, b) * ROAD_FACTOR);
}
