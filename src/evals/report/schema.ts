/**
 * The replay report. Everything but `timing` is deterministic and is written as `report.json` (same dataset, policy
 * and seed: the same bytes); `timing` holds wall-clock figures (run time, events per second, decision latency), the
 * one part two runs may disagree on, and is written as `timing.json`.
 */
import { z } from 'zod';
import { HistoricalKpis, Kpis } from '../kpis/index.ts';

export const REPORT_FORMAT = 'marshal.replay-report/1';

export const RunReport = z.object({
  strategy: z.string(),
  summary: z.string(),
  kpis: Kpis,
  /** The run's decision log head: its last entry's seq and hash. */
  decisionLog: z.object({ seq: z.number().int(), headHash: z.string() }),
  planVersions: z.number().int(),
  events: z.number().int(),
  /** Events the runtime gave up on, with the error: none in a sound run. */
  failedEvents: z.array(z.object({ eventId: z.string(), type: z.string(), error: z.string() })),
});
export type RunReport = z.infer<typeof RunReport>;

export const RunTiming = z.object({
  strategy: z.string(),
  wallMs: z.number(),
  /** Of the wall time, how much was spent inside runtime.ingest (agents, gate, log, outbox); the rest is the replay's. */
  ingestMs: z.number(),
  eventsPerSecond: z.number(),
  /** Wall time from an event entering the runtime to its run ending, over events that led to decisions. */
  decisionLatencyMs: z.object({ count: z.number().int(), p50: z.number().nullable(), p95: z.number().nullable() }),
  /** Time inside runtime.ingest by event type: how many events of it, and their total and mean milliseconds. */
  byEventType: z.array(z.object({ type: z.string(), count: z.number().int(), totalMs: z.number(), meanMs: z.number() })),
});
export type RunTiming = z.infer<typeof RunTiming>;

export const Report = z.object({
  format: z.literal(REPORT_FORMAT),
  dataset: z.object({ name: z.string(), date: z.string(), orders: z.number().int(), source: z.string() }),
  seed: z.number().int(),
  policy: z.object({ source: z.string(), hash: z.string() }),
  reviewer: z.string(),
  strategies: z.array(z.string()),
  runs: z.array(RunReport),
  historical: HistoricalKpis.nullable(),
  /** Wall-clock figures: not deterministic, left out of any comparison between runs. */
  timing: z.object({ runs: z.array(RunTiming) }),
});
export type Report = z.infer<typeof Report>;
