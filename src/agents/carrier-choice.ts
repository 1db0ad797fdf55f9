/** Choosing a carrier: SLA-critical work goes to the best on-time record, the rest to the cheapest reliable enough. */
import type { Ports, Quote } from '../connectors/index.ts';
import { roadMetres, type Shipment, type SlaTier, toEpochSeconds, toIso } from '../domain/index.ts';
import type { CarrierScore } from '../store/index.ts';

/** How many deliveries the carrier's own record counts for beside what Marshal has seen itself. */
const PRIOR_WEIGHT = 20;
/** Below this on-time share a carrier is used only when nobody better quotes. */
export const RELIABLE_ENOUGH = 0.85;

export interface RankedQuote extends Quote {
  /** On-time share blending the carrier's record with Marshal's own observations. */
  blendedOnTime: number;
}

/** The carrier's claimed record, tempered by what Marshal observed. */
export function blendOnTime(q: Quote, seen: CarrierScore | undefined): number {
  const delivered = seen?.delivered ?? 0;
  return (q.onTimeRate * PRIOR_WEIGHT + (seen?.onTime ?? 0)) / (PRIOR_WEIGHT + delivered);
}

/** When the goods leave with the carrier and the latest moment they may arrive; a quote slower than that is late. */
export interface Deadline {
  pickupAt: number;
  /** End of the order's last delivery window (epoch seconds). */
  latest: number;
}

/** True when the carrier's lane transit gets the goods there before the last window closes. */
export const arrivesInTime = (q: Quote, d: Deadline | undefined): boolean => d === undefined || d.pickupAt + q.transitSeconds <= d.latest;

/**
 * Quotes best first for a shipment of `tier`, leaving out carriers already tried; empty when none is left. A carrier
 * whose lane transit misses the last window ranks behind every one that makes it, however cheap or punctual.
 */
export function rankQuotes(quotes: readonly Quote[], scores: (carrierId: string) => CarrierScore, tier: SlaTier, tried: ReadonlySet<string>, deadline?: Deadline): RankedQuote[] {
  const ranked = quotes.filter((q) => !tried.has(q.carrierId)).map((q) => ({ ...q, blendedOnTime: blendOnTime(q, scores(q.carrierId)) }));
  const critical = tier === 'critical' || tier === 'priority';
  const byCost = (a: RankedQuote, b: RankedQuote) => a.amount.amountMinor - b.amount.amountMinor || (a.carrierId < b.carrierId ? -1 : a.carrierId > b.carrierId ? 1 : 0);
  const order = (list: RankedQuote[]): RankedQuote[] => {
    if (critical) return list.sort((a, b) => b.blendedOnTime - a.blendedOnTime || byCost(a, b));
    const reliable = list.filter((q) => q.blendedOnTime >= RELIABLE_ENOUGH).sort(byCost);
    return [...reliable, ...list.filter((q) => q.blendedOnTime < RELIABLE_ENOUGH).sort(byCost)];
  };
  return [...order(ranked.filter((q) => arrivesInTime(q, deadline))), ...order(ranked.filter((q) => !arrivesInTime(q, deadline)))];
}

/** What carriers are asked to carry: the tender's lane, load and collection time as every carrier quotes them. */
export interface TenderAsk {
  depotId: string;
  zone: string;
  /** Never zero: a carrier bills a parcel however light. */
  weightKg: number;
  distanceM: number;
  /** When the goods can be collected: when the pick completes, or now if it has. */
  pickupAt: string;
}

/** The carriers' quotes (cheapest first) for a shipment to `zone`, and what they were asked. */
export async function quoteShipment(ports: Ports, shipment: Shipment, zone: string, now: number): Promise<{ ask: TenderAsk; quotes: Quote[] }> {
  const depot = await ports.wms.getDepot({ tenant: shipment.tenant, depotId: shipment.depotId });
  const ask: TenderAsk = {
    depotId: shipment.depotId, zone, weightKg: Math.max(shipment.load.weightKg, 0.1), distanceM: roadMetres(depot.location, shipment.destination),
    pickupAt: shipment.readyAt && toEpochSeconds(shipment.readyAt) > now ? shipment.readyAt : toIso(now),
  };
  const { pickupAt: _collected, ...lane } = ask;
  return { ask, quotes: await ports.carrier.quote({ tenant: shipment.tenant, ...lane }) };
}
