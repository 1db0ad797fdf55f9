/**
 * The road network of a replay. Plans come from the optimizer's domain adapter, which drives lat/lon (haversine,
 * road factor, 50 km/h) even where a dataset has planar x/y; the road and the greedy baseline drive the same network,
 * or a Solomon day's vans (planar, 60 km/h a km) would drive about three times slower than they were planned.
 */
import { defaultTravel, type TravelModel } from '../../sandbox/road/index.ts';

/** Travel between two places by lat/lon only. */
export const replayTravel: TravelModel = (from, to) => defaultTravel({ lat: from.lat, lon: from.lon }, { lat: to.lat, lon: to.lon });
