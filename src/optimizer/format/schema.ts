/** The JSON problem format (close to VROOM's): jobs, shipments, vehicles, travel, in seconds and metres. */
import { z } from 'zod';

const num = z.number().finite('must be a finite number');
const nonNeg = num.nonnegative('must not be negative');
const amount = z.array(nonNeg);
const ident = z.string().min(1, 'must not be empty');
/**
 * A list of ids, each non-empty, checked in one pass: a depot's live plan lists about 50 allowed vans on each of
 * about 900 jobs, and a check per element was four fifths of parsing it, at every pick wave. Same message and path.
 */
const idents = z.array(z.string()).superRefine((ids, ctx) => {
  for (let i = 0; i < ids.length; i++) if (ids[i]!.length === 0) ctx.addIssue({ code: 'custom', message: 'must not be empty', path: [i], input: ids[i] });
});

/** `[start, end]` in seconds; the end may not come before the start. */
export const WindowSchema = z
  .tuple([num, num])
  .refine((w) => w[1] >= w[0], { message: 'window ends before it starts' });

/** A place: `[x, y]` coordinates (lon/lat for haversine) or an index into the supplied matrices. */
const placed = {
  location: z.tuple([num, num]).optional(),
  location_index: z.number().int('must be an integer').nonnegative('must not be negative').optional(),
};

const stopFields = {
  ...placed,
  service: nonNeg.default(0),
  time_windows: z.array(WindowSchema).min(1, 'needs at least one window').optional(),
  /** Soft windows: lateness is allowed and priced by this SLA tier (see `sla_tiers`). */
  sla: z.string().optional(),
  description: z.string().optional(),
};

export const JobSchema = z.object({
  id: ident,
  ...stopFields,
  /** Loaded at the start depot and dropped here, per capacity dimension. */
  delivery: amount.optional(),
  /** Picked up here and brought to the end depot. */
  pickup: amount.optional(),
  skills: z.array(z.string()).optional(),
  /** 0..100: a higher priority costs more to leave unassigned. */
  priority: z.number().int().min(0, 'must be 0..100').max(100, 'must be 0..100').default(0),
  /** The goods are ready (picked) at this time: the vehicle cannot leave its depot before it. */
  release: nonNeg.optional(),
  allowed_vehicles: idents.optional(),
});
export type JobInput = z.input<typeof JobSchema>;
export type Job = z.output<typeof JobSchema>;

export const ShipmentStepSchema = z.object({ id: ident, ...stopFields });

export const ShipmentSchema = z.object({
  pickup: ShipmentStepSchema,
  delivery: ShipmentStepSchema,
  amount: amount.optional(),
  skills: z.array(z.string()).optional(),
  priority: z.number().int().min(0, 'must be 0..100').max(100, 'must be 0..100').default(0),
  release: nonNeg.optional(),
  allowed_vehicles: idents.optional(),
});
export type Shipment = z.output<typeof ShipmentSchema>;

export const DrivingRulesSchema = z.object({
  max_continuous_driving: z.number().positive('must be positive'),
  break_duration: nonNeg,
  max_daily_driving: z.number().positive('must be positive').optional(),
});

export const VehicleSchema = z.object({
  id: ident,
  start: z.tuple([num, num]).optional(),
  start_index: z.number().int().nonnegative().optional(),
  end: z.tuple([num, num]).optional(),
  end_index: z.number().int().nonnegative().optional(),
  /** Open route: the vehicle does not return anywhere. */
  open_end: z.boolean().default(false),
  capacity: amount.optional(),
  skills: z.array(z.string()).optional(),
  time_window: WindowSchema.optional(),
  max_travel_time: z.number().positive('must be positive').optional(),
  max_distance: z.number().positive('must be positive').optional(),
  max_tasks: z.number().int().positive('must be positive').optional(),
  costs: z
    .object({ fixed: nonNeg.default(0), per_km: nonNeg.optional(), per_hour: nonNeg.optional() })
    .optional(),
  speed_factor: z.number().positive('must be positive').default(1),
  driving_rules: DrivingRulesSchema.optional(),
  /** Broken down or withdrawn from this time: all work must be finished by then. */
  unavailable_from: num.optional(),
  /** Stops already served or in progress, in order: they stay first on this vehicle. */
  frozen: idents.optional(),
});
export type Vehicle = z.output<typeof VehicleSchema>;

export const TravelSchema = z.discriminatedUnion('kind', [
  /** Coordinates in any unit; travel time = distance / speed (Solomon: speed 1). */
  z.object({ kind: z.literal('euclidean'), speed: z.number().positive().default(1) }),
  z.object({
    kind: z.literal('haversine'),
    road_factor: z.number().min(1, 'must be at least 1').default(1.3),
    speed_kmh: z.number().positive('must be positive').default(50),
  }),
  z.object({
    kind: z.literal('matrix'),
    durations: z.array(z.array(nonNeg)),
    distances: z.array(z.array(nonNeg)).optional(),
  }),
]);

export const ProblemSchema = z.object({
  jobs: z.array(JobSchema).default([]),
  shipments: z.array(ShipmentSchema).default([]),
  vehicles: z.array(VehicleSchema).min(1, 'needs at least one vehicle'),
  travel: TravelSchema.default({ kind: 'haversine', road_factor: 1.3, speed_kmh: 50 }),
  /** Names of the capacity dimensions, e.g. `["kg", "m3", "pallets"]` (for messages only). */
  dimensions: z.array(z.string()).optional(),
  /** Lateness price per SLA tier, per hour late. */
  sla_tiers: z.record(z.string(), z.object({ lateness_per_hour: nonNeg })).optional(),
  /** `vehicles`: fewest vehicles, then cost; `cost`: fixed plus travel costs summed. */
  objective: z.enum(['vehicles', 'cost']).default('vehicles'),
});
export type ProblemInput = z.input<typeof ProblemSchema>;
export type Problem = z.output<typeof ProblemSchema>;

export const StepSchema = z.object({
  type: z.enum(['start', 'job', 'pickup', 'delivery', 'break', 'end']),
  id: z.string().optional(),
  arrival: num,
  service_start: num,
  departure: num,
  distance: num,
  load: z.array(num),
  lateness: num.optional(),
});

export const RouteSchema = z.object({
  vehicle: z.string(),
  steps: z.array(StepSchema),
  distance: num,
  duration: num,
  cost: num,
  lateness: num,
});

export const UnassignedSchema = z.object({
  id: z.string(),
  type: z.enum(['job', 'pickup', 'delivery']),
  reasons: z.array(z.string()),
});

export const SolutionSchema = z.object({
  summary: z.object({
    routes: z.number().int(),
    unassigned: z.number().int(),
    distance: num,
    duration: num,
    lateness: num,
    cost: z.object({ total: num, fixed: num, distance: num, time: num, lateness: num, unassigned_penalty: num }),
  }),
  routes: z.array(RouteSchema),
  unassigned: z.array(UnassignedSchema),
});
export type Solution = z.infer<typeof SolutionSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type Step = z.infer<typeof StepSchema>;
