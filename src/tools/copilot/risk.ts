/** Which open orders are at risk of missing their SLA, and why: the rules, kept apart from the tool that lists them. */
import { z } from 'zod';
import { type Eta, type Order, type Plan, type Shipment, SlaTier, toEpochSeconds } from '../../domain/index.ts';

/** Within this many seconds of the window's end an on-time ETA counts as tight. */
export const TIGHT_SECONDS = 15 * 60;
/** An order not yet picked whose window ends within this long (or has ended) is at risk. */
export const UNPICKED_HORIZON_SECONDS = 2 * 3600;
/** An order still not released this long after it was created is waiting on something (a review, stock, credit). */
export const UNRELEASED_SECONDS = 30 * 60;

export const RiskReason = z.enum(['failed', 'unassigned', 'late', 'held', 'backordered', 'not_released', 'not_picked', 'tight']);
export type RiskReason = z.infer<typeof RiskReason>;

/** Most serious first: the order answers are sorted in. */
const SEVERITY: readonly RiskReason[] = RiskReason.options;

export const AtRisk = z.object({
  orderId: z.string(),
  shipmentId: z.string().nullable(),
  depotId: z.string(),
  tier: SlaTier,
  windowEnd: z.string(),
  eta: z.string().nullable(),
  vehicleId: z.string().nullable(),
  carrierId: z.string().nullable(),
  reason: RiskReason,
  /** What the reason rests on, for a person: "ETA 14:20 UTC, 35 min after the window closes". */
  detail: z.string(),
});
export type AtRisk = z.infer<typeof AtRisk>;

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** The risk of one open order, or undefined when it is on track. `now` in epoch seconds. */
export function riskOf(order: Order, shipment: Shipment | undefined, eta: Eta | undefined, plan: Plan | undefined, now: number): AtRisk | undefined {
  const windowEnd = order.windows[0]!.end;
  const base = {
    orderId: order.id, shipmentId: shipment?.id ?? null, depotId: order.depotId, tier: order.slaTier, windowEnd,
    eta: eta?.eta ?? null, vehicleId: shipment?.vehicleId ?? eta?.vehicleId ?? null, carrierId: shipment?.carrierId ?? null,
  };
  const at = (reason: RiskReason, detail: string): AtRisk => ({ ...base, reason, detail });
  if (order.status === 'failed' || shipment?.status === 'failed') return at('failed', 'a delivery attempt failed');
  const left = shipment && plan?.unassigned.find((u) => u.shipmentId === shipment.id);
  if (left && !shipment.carrierId) return at('unassigned', `no van in the plan can take it (${left.reasons.join(', ')})`);
  if (eta) {
    const end = toEpochSeconds(eta.window.end);
    const slack = end - toEpochSeconds(eta.eta);
    if (slack < 0) return at('late', `ETA ${hhmm(eta.eta)}, ${Math.round(-slack / 60)} min after the window closes at ${hhmm(eta.window.end)}`);
    if (slack < TIGHT_SECONDS) return at('tight', `ETA ${hhmm(eta.eta)}, ${Math.round(slack / 60)} min before the window closes at ${hhmm(eta.window.end)}`);
    return undefined;
  }
  if (order.status === 'held') return at('held', 'held: waiting for a dispatcher (credit or data)');
  if (order.status === 'backordered') return at('backordered', `backordered${order.promisedBy ? `, promised by ${order.promisedBy}` : ''}`);
  if (order.status === 'created' && now - toEpochSeconds(order.createdAt) > UNRELEASED_SECONDS) {
    return at('not_released', `not released ${Math.round((now - toEpochSeconds(order.createdAt)) / 60)} min after it came in (${hhmm(order.createdAt)}); its window closes at ${hhmm(windowEnd)}`);
  }
  if (!shipment && toEpochSeconds(windowEnd) - now < UNPICKED_HORIZON_SECONDS) {
    return at('not_picked', `not picked yet; its window closes at ${hhmm(windowEnd)}`);
  }
  return undefined;
}

/** Most serious first, then the window that closes first, then by id. */
export function byRisk(a: AtRisk, b: AtRisk): number {
  return SEVERITY.indexOf(a.reason) - SEVERITY.indexOf(b.reason) || (a.windowEnd < b.windowEnd ? -1 : a.windowEnd > b.windowEnd ? 1 : 0)
    || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);
}
