/** Rough drive time between two places, for the sandbox's own estimates (transfers between depots). */
import { type Location, roadMetres } from '../../domain/index.ts';

/** Average speed of a truck between depots, m/s (50 km/h). */
const SPEED_MPS = 50_000 / 3600;

/** Seconds to drive between two places at the sandbox's average speed. */
export function travelSecondsBetween(a: Location, b: Location): number {
  return Math.round(roadMetres(a, b) / SPEED_MPS);
}
