/** Assembles the report of a replay from its runs: KPIs per strategy, the history column, and timing kept apart. */
import { policyHash, type Policy } from '../../policies/index.ts';
import type { Dataset } from '../dataset/index.ts';
import { computeKpis, historicalKpis } from '../kpis/index.ts';
import type { ReplayDay } from '../replay/day.ts';
import type { RunRecord } from '../replay/record.ts';
import type { Strategy } from '../replay/strategy.ts';
import { REPORT_FORMAT, Report } from './schema.ts';

/** The q-quantile of `xs` (nearest rank), two decimals; null for none. */
export function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 100) / 100;
}

export interface ReportInput {
  dataset: Dataset;
  replay: ReplayDay;
  runs: readonly { strategy: Strategy; record: RunRecord }[];
  seed: number;
  policy: Policy;
  policySource: string;
  reviewer: string;
}

/** The report, validated against its schema. */
export function buildReport(input: ReportInput): Report {
  const m = input.dataset.manifest;
  return Report.parse({
    format: REPORT_FORMAT,
    dataset: { name: m.name, date: m.date, orders: input.dataset.orders.length, source: m.source?.kind ?? 'other' },
    seed: input.seed,
    policy: { source: input.policySource, hash: policyHash(input.policy) },
    reviewer: input.reviewer,
    strategies: input.runs.map((r) => r.strategy.name),
    runs: input.runs.map(({ strategy, record }) => ({
      strategy: strategy.name, summary: strategy.summary, kpis: computeKpis(input.replay, record),
      decisionLog: { seq: record.head.seq, headHash: record.head.hash }, planVersions: record.planVersions, events: record.events,
      failedEvents: record.failedEvents,
    })),
    historical: historicalKpis(input.dataset) ?? null,
    timing: {
      runs: input.runs.map(({ strategy, record }) => ({
        strategy: strategy.name, wallMs: Math.round(record.timing.wallMs), ingestMs: Math.round(record.timing.ingestMs),
        eventsPerSecond: Math.round((record.events / Math.max(record.timing.wallMs, 1)) * 1000 * 10) / 10,
        decisionLatencyMs: { count: record.timing.decisionLatenciesMs.length, p50: quantile(record.timing.decisionLatenciesMs, 0.5), p95: quantile(record.timing.decisionLatenciesMs, 0.95) },
        byEventType: byEventType(record.timing.byType),
      })),
    },
  });
}

/** Time inside the runtime by event type, the costliest first. */
export function byEventType(byType: Record<string, { count: number; ms: number }>) {
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return Object.entries(byType).map(([type, t]) => ({ type, count: t.count, totalMs: round(t.ms), meanMs: round(t.ms / Math.max(t.count, 1)) }))
    .sort((a, b) => b.totalMs - a.totalMs || (a.type < b.type ? -1 : 1));
}

/** The part of the report two runs of the same dataset, policy and seed must agree on (all but timing). */
export function deterministicPart(report: Report): Omit<Report, 'timing'> {
  const { timing: _timing, ...rest } = report;
  return rest;
}
