/** What one replayed run leaves behind for the KPIs: the road's events, odometers, decisions, reviews and timings. */
import type { AutonomyLevel, DecisionKind, DecisionOutcome, MarshalEvent, OrderStatus } from '../../domain/index.ts';

/** One decision log entry, as much of it as the KPIs read. */
export interface DecisionRow {
  seq: number;
  at: string;
  agent: string;
  kind: DecisionKind;
  level: AutonomyLevel;
  outcome: DecisionOutcome;
  /** The order the proposal was about, when its payload names one. */
  orderId: string | undefined;
  /** The type of the event the proposal answered, when an event triggered it. */
  trigger: string | undefined;
}

export interface RunRecord {
  strategy: string;
  /** Events from the road and the carriers (positions left out), in the order they were ingested. */
  outcomes: MarshalEvent[];
  /** Metres driven and seconds away from a depot, by vehicle id. */
  odometers: Record<string, { metres: number; secondsOut: number }>;
  /** Accepted carrier tenders by shipment: who and for how much. */
  carrierCharges: Record<string, { carrierId: string; amountMinor: number }>;
  decisions: DecisionRow[];
  reviews: Record<string, number>;
  /** Order status in Marshal's store at the end of the run. */
  orderStatus: Record<string, OrderStatus>;
  /** Shipments the last stored plan leaves unassigned. */
  unassignedAtEnd: string[];
  planVersions: number;
  events: number;
  /** Events the runtime gave up on (the runner's error), in inbox order: a run that lost some says so. */
  failedEvents: { eventId: string; type: string; error: string }[];
  head: { seq: number; hash: string };
  /** Simulated time the replay was stopped at, when it was aborted before the end of the day. */
  stoppedAt?: number;
  /**
   * Wall clock, kept apart: never compared between runs. `ingestMs` is the time inside runtime.ingest, all events;
   * `byType` splits it by event type (count and milliseconds), to show where a slow replay spends its time.
   */
  timing: { wallMs: number; decisionLatenciesMs: number[]; ingestMs: number; byType: Record<string, { count: number; ms: number }> };
}
