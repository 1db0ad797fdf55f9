/** The comparison table's rows: one label and one reading per KPI, shared by the Markdown and HTML reports. */
import type { HistoricalKpis, Kpis } from '../kpis/index.ts';

export interface Row {
  label: string;
  run: (k: Kpis) => string;
  /** What the dataset's history says, where it can say it. */
  historical?: (h: HistoricalKpis) => string;
}

const n = (x: number | null | undefined, suffix = '') => (x === null || x === undefined ? '–' : `${x}${suffix}`);
const money = (minor: number | null, currency: string) => (minor === null ? '–' : `${(minor / 100).toFixed(2)} ${currency}`);
const kv = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || '–';

export const ROWS: readonly Row[] = [
  { label: 'orders due today (later)', run: (k) => `${k.orders.dueToday} (${k.orders.dueLater})`, historical: (h) => `${h.ordersWithOutcome}` },
  { label: 'delivered (by carrier)', run: (k) => `${k.delivered} (${k.deliveredByCarrier})`, historical: (h) => `${h.delivered}` },
  { label: 'on time %', run: (k) => n(k.onTimePct, '%'), historical: (h) => n(h.onTimePct, '%') },
  { label: 'OTIF %', run: (k) => n(k.otifPct, '%') },
  { label: 'first-attempt delivery %', run: (k) => n(k.firstAttemptPct, '%'), historical: (h) => n(h.firstAttemptPct, '%') },
  { label: 'late minutes', run: (k) => `${k.lateMinutes}`, historical: (h) => `${h.lateMinutes}` },
  { label: 'undelivered / unassigned at end / backordered', run: (k) => `${k.undelivered} / ${k.unassignedAtEnd} / ${k.backordered}` },
  { label: 'moved to a later day (no van, no carrier)', run: (k) => `${k.movedToLaterDay}` },
  { label: 'cost per delivery', run: (k) => money(k.cost.perDeliveryMinor, k.cost.currency), historical: (h) => money(h.costPerDeliveryMinor, h.currency) },
  { label: 'cost total', run: (k) => money(k.cost.totalMinor, k.cost.currency), historical: (h) => money(h.costTotalMinor, h.currency) },
  { label: '· fixed', run: (k) => money(k.cost.fixedMinor, k.cost.currency) },
  { label: '· distance', run: (k) => money(k.cost.distanceMinor, k.cost.currency) },
  { label: '· time', run: (k) => money(k.cost.timeMinor, k.cost.currency) },
  { label: '· carrier charges', run: (k) => money(k.cost.carrierMinor, k.cost.currency) },
  { label: 'distance km', run: (k) => `${k.distanceKm}` },
  { label: 'vehicles used', run: (k) => `${k.vehiclesUsed}` },
  { label: 'utilisation: load / shift', run: (k) => `${n(k.utilisation.loadPct, '%')} / ${n(k.utilisation.shiftPct, '%')}` },
  { label: 'failed attempts → reschedules', run: (k) => `${k.reverse.failedAttempts} → ${k.reverse.reschedules}` },
  { label: 'returns → restocks', run: (k) => `${k.reverse.returns} → ${k.reverse.restocks}` },
  { label: 'return-to-stock min (mean / max)', run: (k) => `${n(k.reverse.returnToStockMinutes.mean)} / ${n(k.reverse.returnToStockMinutes.max)}` },
  { label: 'SLA breaches (critical/priority/standard/economy)', run: (k) => `${k.slaBreaches.critical}/${k.slaBreaches.priority}/${k.slaBreaches.standard}/${k.slaBreaches.economy}` },
  { label: 'decisions by level', run: (k) => kv(k.decisions.byLevel) },
  { label: 'decisions by outcome', run: (k) => kv(k.decisions.byOutcome) },
  { label: 'human reviews', run: (k) => kv(k.reviews) },
];
