/** The domain: schemas, types and unit helpers every other layer speaks. */
export { ActionKind, ACTION_KINDS, ActionProposal, ActionTarget, AgentName, Explanation, SUMMARY_MAX, Trigger } from './action.ts';
export { ACTION_PAYLOADS, type ActionPayload } from './action-payloads.ts';
export { Carrier, Lane, Rate, onTimeRate } from './carrier.ts';
export { canonicalJson } from './canonical-json.ts';
export { sameJson } from './same-json.ts';
export { deepFreeze } from './deep-freeze.ts';
export { correlationKeyOf } from './correlation.ts';
export { ManualClock, systemClock, type Clock } from './clock.ts';
export { addLoad, EMPTY_LOAD, Id, Load, Location, TimeWindow } from './common.ts';
export { haversineMetres, ROAD_FACTOR, roadMetres } from './geo.ts';
export { AutonomyLevel, DecisionEntry, DecisionKind, DecisionOutcome } from './decision.ts';
export {
  ConflictError, ConnectorError, InputError, issuesFromZod, MarshalError, NotFoundError, parseInput,
  type Fault, type FieldIssue,
} from './errors.ts';
export {
  CloudEventEnvelope, EVENT_DATA, EVENT_TYPES, EventTypeSchema, parseEvent,
  type EventData, type EventType, type MarshalEvent,
} from './events.ts';
export { Driver, DrivingRules, Vehicle, VehiclePosition, VehicleStatus } from './fleet.ts';
export { Channel, loadOfLines, Order, OrderLine, OrderStatus, Sku, SlaTier, StockLevel, Temperature } from './order.ts';
export { Eta, opensAt, Plan, Route, RouteStop, Shipment, ShipmentStatus, UnassignedReason } from './plan.ts';
export { createRng, type Rng } from './random.ts';
export { Customer, Depot, Tenant, TimeOfDay } from './tenant.ts';
export {
  addMoney, CurrencyCode, DAY, formatDuration, formatMoney, HOUR, IsoTimestamp, Metres, MINUTE, money, Money,
  NonNegativeMoney, scaleMoney, Seconds, toEpochSeconds, toIso,
} from './units.ts';
