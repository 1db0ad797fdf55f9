/** The routing optimizer's public surface. Pure: imports domain/ only, no I/O, no clock, no global randomness. */
export { solve, parseProblem } from './solve.ts';
export type { SolveOptions, SolveResult } from './solve.ts';
export type { Model } from './model/problem.ts';
export type { MatrixMemory } from './model/travel.ts';
export { validate } from './validate.ts';
export type { Violation } from './validate.ts';
export { explainPlan } from './explain.ts';
export type { PlanExplanation, RouteExplanation, UnassignedReason } from './explain.ts';
export { LivePlan } from './incremental.ts';
export type { EventResult } from './incremental.ts';
export { parseSolomon } from './format/solomon.ts';
export type { SolomonInstance } from './format/solomon.ts';
export { problemFromDomain, toDomainReason } from './adapters/domain.ts';
export type { DomainProblem } from './adapters/domain.ts';
export {
  JobSchema,
  ProblemSchema,
  RouteSchema,
  ShipmentSchema,
  SolutionSchema,
  StepSchema,
  UnassignedSchema,
  VehicleSchema,
} from './format/schema.ts';
export type { Job, JobInput, Problem, ProblemInput, Route, Shipment, Solution, Step, Vehicle } from './format/schema.ts';
