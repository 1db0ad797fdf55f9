/** Shipments and the dispatch plan: routes of stops for vehicles, and what could not be placed and why. */
import { z } from 'zod';
import { Id, Load, Location, TimeWindow } from './common.ts';
import { IsoTimestamp, Metres, Money, Seconds, toEpochSeconds } from './units.ts';

export const ShipmentStatus = z.enum([
  'planned', 'ready', 'tendered', 'assigned', 'loaded', 'in_transit', 'delivered', 'failed', 'returned', 'cancelled',
]);
export type ShipmentStatus = z.infer<typeof ShipmentStatus>;

/** What leaves the dock for one delivery: one or more orders to one customer. */
export const Shipment = z.object({
  id: Id,
  tenant: Id,
  orderIds: z.array(Id).min(1),
  depotId: Id,
  customerId: Id,
  destination: Location,
  windows: z.array(TimeWindow).min(1),
  serviceSeconds: Seconds,
  load: Load,
  /** Not before: the pick completes at this time. */
  readyAt: IsoTimestamp.optional(),
  requiredSkills: z.array(z.string().min(1)),
  status: ShipmentStatus,
  vehicleId: Id.optional(),
  carrierId: Id.optional(),
});
export type Shipment = z.infer<typeof Shipment>;

/** When a shipment's earliest window opens (epoch seconds). */
export function opensAt(s: Pick<Shipment, 'windows'>): number {
  let at = Infinity;
  for (const w of s.windows) at = Math.min(at, toEpochSeconds(w.start));
  return at;
}

/** Why a stop is not on any route. */
export const UnassignedReason = z.enum([
  'capacity', 'time_window', 'skill', 'shift', 'release', 'break', 'unreachable', 'max_stops', 'max_distance',
  'max_duration', 'vehicle_down', 'no_vehicle', 'awaiting_vehicle',
]);
export type UnassignedReason = z.infer<typeof UnassignedReason>;

export const RouteStop = z.object({
  shipmentId: Id,
  kind: z.enum(['delivery', 'pickup']),
  location: Location,
  arrivalAt: IsoTimestamp,
  serviceStartAt: IsoTimestamp,
  departureAt: IsoTimestamp,
  /** Latest estimate; equals the planned arrival until telematics says otherwise. */
  eta: IsoTimestamp,
  status: z.enum(['planned', 'en_route', 'arrived', 'done', 'failed']),
});
export type RouteStop = z.infer<typeof RouteStop>;

export const Route = z.object({
  vehicleId: Id,
  departAt: IsoTimestamp,
  returnAt: IsoTimestamp,
  stops: z.array(RouteStop),
  distanceM: Metres,
  durationS: Seconds,
  cost: Money,
});
export type Route = z.infer<typeof Route>;

export const Plan = z.object({
  id: Id,
  tenant: Id,
  version: z.number().int().nonnegative(),
  createdAt: IsoTimestamp,
  routes: z.array(Route),
  unassigned: z.array(z.object({
    shipmentId: Id,
    reasons: z.array(UnassignedReason).min(1),
    /** Held for this van's next trip: no van can take it now, and this one is back at the depot in time for it. */
    nextTrip: z.object({ vehicleId: Id, backAt: IsoTimestamp }).optional(),
  })),
});
export type Plan = z.infer<typeof Plan>;

/** The current estimate of when a shipment arrives, and the window it should arrive in. */
export const Eta = z.object({
  tenant: Id,
  shipmentId: Id,
  vehicleId: Id.optional(),
  eta: IsoTimestamp,
  window: TimeWindow,
  updatedAt: IsoTimestamp,
});
export type Eta = z.infer<typeof Eta>;
