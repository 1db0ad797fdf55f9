/** The KPIs of one replayed run: service (on time, OTIF, first attempt), cost, utilisation, reverse flow, governance. */
import { type SlaTier, toEpochSeconds } from '../../domain/index.ts';
import type { DatasetOrder } from '../dataset/index.ts';
import type { ReplayDay } from '../replay/day.ts';
import type { DecisionRow, RunRecord } from '../replay/record.ts';
import { fatesOf } from './fate.ts';
import { EMPTY_TIERS, type Kpis } from './schema.ts';

const pct = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 100);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Due on the operating day: some window opens before its end. */
export const dueOn = (o: DatasetOrder, dayEnd: number) => o.windows.some((w) => toEpochSeconds(w.start) < dayEnd);

/** Seconds after the end of the window a delivery missed (0 when it made one). */
export function lateness(o: DatasetOrder, at: number): number {
  const windows = o.windows.map((w) => [toEpochSeconds(w.start), toEpochSeconds(w.end)] as const);
  if (windows.some(([s, e]) => s <= at && at <= e)) return 0;
  const missed = windows.filter(([, e]) => e < at).map(([, e]) => at - e);
  // Before every window (should not happen: drivers wait at the door) is not late, but not on time either.
  return missed.length > 0 ? Math.min(...missed) : 0;
}

const onTime = (o: DatasetOrder, at: number | undefined) => at !== undefined && o.windows.some((w) => toEpochSeconds(w.start) <= at && at <= toEpochSeconds(w.end));

const count = <K extends string>(keys: readonly K[]) => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
};

/** KPIs of `record`, a run of `replay`. */
export function computeKpis(replay: ReplayDay, record: RunRecord): Kpis {
  const dayEnd = replay.start + 86_400;
  const fates = fatesOf(record.outcomes);
  const due = replay.orders.filter((o) => dueOn(o, dayEnd));
  const fateOf = (id: string) => fates.get(id);
  // A window is for the van at the door: service starts in it. The POD is taken when service ends, so the start is
  // the POD time less the order's service time; a carrier's delivery time is its arrival.
  const servedAt = (o: DatasetOrder) => {
    const f = fateOf(o.id);
    if (f?.deliveredAt === undefined) return undefined;
    return f.byCarrier ? f.deliveredAt : f.deliveredAt - o.serviceSeconds;
  };
  const delivered = due.filter((o) => fateOf(o.id)?.deliveredAt !== undefined);
  const timely = due.filter((o) => onTime(o, servedAt(o)));
  const inFull = timely.filter((o) => {
    const f = fateOf(o.id)!;
    // A carrier's delivery has no POD lines here: it carries the whole shipment it was tendered.
    return f.byCarrier || (f.podLines ?? []).reduce((n, l) => n + l.qty, 0) >= 1;
  });
  const attempted = due.filter((o) => (fateOf(o.id)?.attempts ?? 0) > 0);
  const firstOk = attempted.filter((o) => fateOf(o.id)!.firstOk === true);
  const lateSeconds = delivered.reduce((n, o) => n + lateness(o, servedAt(o)!), 0);

  const vehicles = new Map(replay.day.vehicles.map((v) => [v.id, v]));
  const used = Object.entries(record.odometers).filter(([, o]) => o.metres > 0 || o.secondsOut > 0).sort(([a], [b]) => (a < b ? -1 : 1));
  let fixed = 0;
  let distance = 0;
  let time = 0;
  let metres = 0;
  for (const [id, o] of used) {
    const v = vehicles.get(id)!;
    fixed += v.fixedCost.amountMinor;
    distance += (o.metres / 1000) * v.costPerKm.amountMinor;
    time += (o.secondsOut / 3600) * v.costPerHour.amountMinor;
    metres += o.metres;
  }
  const carrier = Object.values(record.carrierCharges).reduce((n, c) => n + c.amountMinor, 0);
  const total = fixed + Math.round(distance) + Math.round(time) + carrier;
  const allDelivered = [...fates.values()].filter((f) => f.deliveredAt !== undefined).length;

  // Load carried: every shipment a vehicle attempted, once per vehicle.
  const carried = new Map<string, number>();
  const loadOf = new Map(replay.orders.map((o) => [o.id, o.load.weightKg]));
  for (const [orderId, f] of fates) for (const v of new Set(f.vehicles)) carried.set(v, (carried.get(v) ?? 0) + (loadOf.get(orderId) ?? 0));
  const loadPcts = used.map(([id]) => (carried.get(id) ?? 0) / vehicles.get(id)!.capacity.weightKg);
  const shiftPcts = used.map(([id, o]) => {
    const v = vehicles.get(id)!;
    return o.secondsOut / Math.max(1, toEpochSeconds(v.shift.end) - toEpochSeconds(v.shift.start));
  });
  const mean = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10_000) / 100);

  const done = (outcome: string) => outcome === 'executed' || outcome === 'approved';
  const agentDecisions = record.decisions.filter((d) => d.kind !== 'policy.change' && d.kind !== 'killswitch.set');
  const restockAt = new Map<string, number>();
  for (const d of agentDecisions) if (d.kind === 'return.restock' && done(d.outcome) && d.orderId && !restockAt.has(d.orderId)) restockAt.set(d.orderId, toEpochSeconds(d.at));
  // A reschedule answering a failed attempt at that order is the reverse flow; any other moved an order nobody could
  // deliver today to a later day.
  const reschedules = agentDecisions.filter((d) => d.kind === 'delivery.reschedule' && done(d.outcome));
  const afterFailure = (d: DecisionRow) => d.trigger === 'driver.delivery.failed' && d.orderId !== undefined && fateOf(d.orderId)?.failedAt !== undefined;
  const toStock = [...fates].filter(([id, f]) => f.failedAt !== undefined && restockAt.has(id)).map(([id, f]) => (restockAt.get(id)! - f.failedAt!) / 60);

  const breaches: Record<SlaTier, number> = { ...EMPTY_TIERS };
  for (const o of due) if (!onTime(o, servedAt(o))) breaches[o.slaTier]++;
  const byHour = new Map<number, { due: number; onTime: number }>();
  for (const o of due) {
    const hour = new Date(toEpochSeconds(o.windows[0]!.start) * 1000).getUTCHours();
    const h = byHour.get(hour) ?? { due: 0, onTime: 0 };
    h.due++;
    if (onTime(o, servedAt(o))) h.onTime++;
    byHour.set(hour, h);
  }

  return {
    orders: { total: replay.orders.length, dueToday: due.length, dueLater: replay.orders.length - due.length },
    delivered: delivered.length,
    deliveredByCarrier: delivered.filter((o) => fateOf(o.id)!.byCarrier).length,
    onTimePct: pct(timely.length, due.length),
    otifPct: pct(inFull.length, due.length),
    firstAttemptPct: pct(firstOk.length, attempted.length),
    lateMinutes: Math.round(lateSeconds / 60),
    undelivered: due.length - delivered.length,
    unassignedAtEnd: record.unassignedAtEnd.length,
    movedToLaterDay: new Set(reschedules.filter((d) => !afterFailure(d)).map((d) => d.orderId)).size,
    backordered: Object.values(record.orderStatus).filter((s) => s === 'backordered').length,
    cost: {
      currency: replay.day.tenant.currency, fixedMinor: fixed, distanceMinor: Math.round(distance), timeMinor: Math.round(time), carrierMinor: carrier,
      totalMinor: total, perDeliveryMinor: allDelivered === 0 ? null : Math.round(total / allDelivered),
    },
    distanceKm: round1(metres / 1000),
    vehiclesUsed: used.length,
    utilisation: { loadPct: mean(loadPcts), shiftPct: mean(shiftPcts) },
    reverse: {
      failedAttempts: record.outcomes.filter((e) => e.type === 'driver.delivery.failed').length,
      reschedules: reschedules.filter(afterFailure).length,
      returns: record.outcomes.filter((e) => e.type === 'driver.return.initiated').length,
      restocks: agentDecisions.filter((d) => d.kind === 'return.restock' && done(d.outcome)).length,
      returnToStockMinutes: {
        count: toStock.length,
        mean: toStock.length === 0 ? null : round1(toStock.reduce((a, b) => a + b, 0) / toStock.length),
        max: toStock.length === 0 ? null : round1(Math.max(...toStock)),
      },
    },
    slaBreaches: breaches,
    decisions: {
      total: agentDecisions.length,
      byLevel: count(agentDecisions.map((d) => d.level)),
      byOutcome: count(agentDecisions.map((d) => d.outcome)),
      byLevelOutcome: count(agentDecisions.map((d) => `${d.level} ${d.outcome}`)),
    },
    reviews: { ...record.reviews },
    onTimeByHour: [...byHour].sort(([a], [b]) => a - b).map(([hour, h]) => ({ hour, ...h })),
  };
}
