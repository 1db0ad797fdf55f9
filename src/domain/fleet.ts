/** Own fleet: vehicles with capacities, skills, shifts and costs, and the drivers who drive them. */
import { z } from 'zod';
import { Id, Load, Location, TimeWindow } from './common.ts';
import { Metres, NonNegativeMoney, Seconds } from './units.ts';

export const VehicleStatus = z.enum(['available', 'in_service', 'down', 'maintenance']);
export type VehicleStatus = z.infer<typeof VehicleStatus>;

/** Driving-time rules (EU 561/2006, US HOS) as parameters, all in seconds. */
export const DrivingRules = z.object({
  maxContinuousDrivingSeconds: Seconds,
  breakSeconds: Seconds,
  maxDailyDrivingSeconds: Seconds,
});
export type DrivingRules = z.infer<typeof DrivingRules>;

export const Vehicle = z.object({
  id: Id,
  tenant: Id,
  depotId: Id,
  /** Where the shift ends; the start depot when absent. */
  endDepotId: Id.optional(),
  name: z.string().min(1),
  kind: z.enum(['van', 'rigid', 'reefer', 'tractor']),
  capacity: Load,
  /** What it can do: `reefer`, `tail_lift`, `adr`... A stop needing a skill goes only to vehicles that have it. */
  skills: z.array(z.string().min(1)),
  shift: TimeWindow,
  maxRouteSeconds: Seconds.optional(),
  maxDistanceM: Metres.optional(),
  maxStops: z.number().int().positive().optional(),
  fixedCost: NonNegativeMoney,
  /** Cost per km and per hour, in minor units. */
  costPerKm: NonNegativeMoney,
  costPerHour: NonNegativeMoney,
  /** Travel-time multiplier: 1 is the road network's speed, 1.2 a slower truck. */
  speedFactor: z.number().positive(),
  status: VehicleStatus,
  driverId: Id.optional(),
});
export type Vehicle = z.infer<typeof Vehicle>;

export const Driver = z.object({
  id: Id,
  tenant: Id,
  name: z.string().min(1),
  licence: z.enum(['B', 'C1', 'C', 'CE']),
  skills: z.array(z.string().min(1)),
  shift: TimeWindow,
  rules: DrivingRules,
  phone: z.string().optional(),
});
export type Driver = z.infer<typeof Driver>;

/** A vehicle's last known position and state, as telematics reports it. */
export const VehiclePosition = z.object({
  tenant: Id,
  vehicleId: Id,
  at: z.iso.datetime(),
  location: Location,
  speedKph: z.number().nonnegative(),
  status: VehicleStatus,
});
export type VehiclePosition = z.infer<typeof VehiclePosition>;
