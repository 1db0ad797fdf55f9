/** KPIs of the dataset's own outcome columns (a day that really happened): the report's fourth column. */
import type { Dataset } from '../dataset/index.ts';
import { toEpochSeconds } from '../../domain/index.ts';
import { dueOn, lateness } from './compute.ts';
import type { HistoricalKpis } from './schema.ts';

const pct = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 100);

/** Historical KPIs over the due orders that carry outcome columns; undefined when no order does. */
export function historicalKpis(dataset: Dataset): HistoricalKpis | undefined {
  const dayEnd = toEpochSeconds(`${dataset.manifest.date}T00:00:00Z`) + 86_400;
  const due = dataset.orders.filter((o) => dueOn(o, dayEnd) && o.outcome !== undefined);
  if (due.length === 0) return undefined;
  const delivered = due.filter((o) => o.outcome!.deliveredAt !== undefined);
  const at = (o: (typeof due)[number]) => toEpochSeconds(o.outcome!.deliveredAt!);
  const onTime = delivered.filter((o) => lateness(o, at(o)) === 0 && o.windows.some((w) => toEpochSeconds(w.start) <= at(o)));
  const withAttempts = due.filter((o) => (o.outcome!.attempts ?? 0) > 0);
  const costed = due.filter((o) => o.outcome!.cost !== undefined);
  const cost = costed.reduce((n, o) => n + o.outcome!.cost!.amountMinor, 0);
  return {
    currency: dataset.manifest.tenants[0]?.currency ?? costed[0]?.outcome?.cost?.currency ?? '',
    ordersWithOutcome: due.length,
    delivered: delivered.length,
    onTimePct: pct(onTime.length, due.length),
    firstAttemptPct: pct(withAttempts.filter((o) => o.outcome!.attempts === 1).length, withAttempts.length),
    lateMinutes: Math.round(delivered.reduce((n, o) => n + lateness(o, at(o)), 0) / 60),
    costTotalMinor: costed.length === 0 ? null : cost,
    costPerDeliveryMinor: costed.length === 0 || delivered.length === 0 ? null : Math.round(cost / delivered.length),
  };
}
