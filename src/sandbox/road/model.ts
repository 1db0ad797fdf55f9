/** What the road simulator is given: its settings, the vehicles, what each shipment is, and the disruptions of the day. */
import { z } from 'zod';
import { EVENT_DATA, Id, IsoTimestamp, Location, Seconds, TimeWindow } from '../../domain/index.ts';

const Probability = z.number().min(0, 'must be 0..1').max(1, 'must be 0..1');

/** The road's settings: seed, tenant, how often positions are sent, travel noise and failed first attempts. */
export const RoadConfig = z.object({
  seed: z.number().int(),
  tenant: Id,
  /** CloudEvents `source` of everything the road sends. */
  source: z.string().min(1).default('/sandbox/road'),
  /** A telematics.position every this many seconds of simulated time while a vehicle is out; 0 sends none. */
  positionEverySeconds: Seconds.default(300),
  /** Spread of travel times: each leg takes its base time times e^(noise·z), z standard normal; 0 is exact. */
  travelNoise: z.number().min(0).max(2).default(0.15),
  /** Chance that a customer is not reached on a first attempt; per customer id where known, else `default`. */
  firstAttemptFailure: z.object({ default: Probability, byCustomer: z.record(z.string(), Probability).default({}) }).default({ default: 0.05, byCustomer: {} }),
  /** How long a driver tries at the door before giving up on a failed attempt; never longer than the shipment's service time (at least 60 s). */
  failedAttemptSeconds: Seconds.default(180),
});
export type RoadConfig = z.infer<typeof RoadConfig>;
export type RoadConfigInput = z.input<typeof RoadConfig>;

/** A vehicle as the road sees it: where it starts and ends its day and how fast it is. */
export const RoadVehicle = z.object({
  id: Id,
  start: Location,
  end: Location,
  /** Depot the vehicle returns to: goods of failed deliveries are handed back there. */
  endDepotId: Id,
  /** Travel-time multiplier: 1.2 is 20% slower than the road network. */
  speedFactor: z.number().positive().default(1),
});
export type RoadVehicle = z.infer<typeof RoadVehicle>;

/** What the road needs to know of a shipment to deliver it and to report on it. */
export const RoadShipment = z.object({
  shipmentId: Id,
  orderId: Id,
  customerId: Id,
  depotId: Id,
  windows: z.array(TimeWindow).min(1),
  serviceSeconds: Seconds,
  /** What comes back to the depot if the delivery fails. */
  lines: z.array(z.object({ sku: Id, qty: z.number().int().positive() })).min(1, 'a shipment needs at least one line'),
});
export type RoadShipment = z.infer<typeof RoadShipment>;

/** Disruptions the road plays out: a vehicle down at a time, or an order whose first attempt fails whatever the draw. */
export const RoadDisruption = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('vehicle_down'), vehicleId: Id, at: IsoTimestamp,
    reason: EVENT_DATA['telematics.vehicle.down'].shape.reason.default('breakdown'), until: IsoTimestamp.optional(),
  }),
  z.object({ kind: z.literal('failed_attempt'), orderId: Id, reasonCode: EVENT_DATA['driver.delivery.failed'].shape.reasonCode.default('not_home') }),
]);
export type RoadDisruption = z.infer<typeof RoadDisruption>;
export type RoadDisruptionInput = z.input<typeof RoadDisruption>;

/** Seconds and metres of one leg before noise; injectable so a benchmark can drive on its own distances. */
export type TravelModel = (from: Location, to: Location) => { seconds: number; metres: number };
