/** The day's orders: channel mixes with their own timing, windows, service levels and basket shapes. */
import { type Channel, HOUR, loadOfLines, type Order, type Rng, type Sku, type SlaTier, type TimeWindow } from '../../domain/index.ts';
import { ceilTo, type Day, hm, isoAt, offsetOfClock, windowAt } from './calendar.ts';
import { between, byCodeUnit, pad, weighted, weightedSampler } from './draw.ts';
import { type CustomerKind, type GeneratedCustomer, TENANT } from './master.ts';

interface ChannelProfile {
  share: number;
  customers: CustomerKind;
  /** When orders of this channel arrive, seconds after midnight. */
  arrive: readonly [number, number];
  tiers: readonly (readonly [SlaTier, number])[];
  lines: readonly [number, number];
  qty: (rng: Rng, sku: Sku) => number;
}

const CHANNELS: Record<Channel, ChannelProfile> = {
  ecommerce: { share: 45, customers: 'consumer', arrive: [0, hm(14)], tiers: [['critical', 25], ['priority', 50], ['standard', 25]], lines: [1, 3], qty: (rng) => rng.int(1, 4) },
  marketplace: { share: 30, customers: 'consumer', arrive: [0, hm(16)], tiers: [['standard', 70], ['economy', 30]], lines: [1, 2], qty: (rng) => rng.int(1, 3) },
  store_replenishment: { share: 15, customers: 'store', arrive: [0, hm(5, 30)], tiers: [['priority', 50], ['standard', 50]], lines: [3, 6], qty: (rng, sku) => Math.max(1, Math.round(sku.unitsPerPallet * between(rng, 0.1, 0.6))) },
  b2b: { share: 10, customers: 'business', arrive: [hm(6), hm(15)], tiers: [['priority', 40], ['standard', 60]], lines: [2, 5], qty: (rng) => rng.int(5, 40) },
};

const PRIORITY: Record<SlaTier, number> = { critical: 90, priority: 70, standard: 50, economy: 30 };
const NOTES = ['Leave at the back door', 'Call on arrival', 'Loading dock at the rear', 'Ring twice', 'Fragile: handle with care'];

/** Delivery windows of an order: same day for e-commerce and replenishment, next day for marketplace. */
function windowsFor(rng: Rng, day: Day, channel: Channel, created: number, customer: GeneratedCustomer): TimeWindow[] {
  const opens = offsetOfClock(customer.customer.receivingOpensAt);
  const closes = offsetOfClock(customer.customer.receivingClosesAt);
  const tomorrow = 24 * HOUR;
  switch (channel) {
    case 'ecommerce': {
      const start = Math.max(opens, ceilTo(created + between(rng, 4, 6) * HOUR, 1800));
      if (start + 2 * HOUR > closes) return [windowAt(day, tomorrow + opens + 2 * HOUR, tomorrow + opens + 4 * HOUR)];
      const first = windowAt(day, start, start + 2 * HOUR);
      return start + 5 * HOUR <= closes && rng.chance(0.3) ? [first, windowAt(day, start + 3 * HOUR, start + 5 * HOUR)] : [first];
    }
    case 'marketplace': {
      const start = tomorrow + ceilTo(between(rng, opens + HOUR, closes - 3 * HOUR), 1800);
      return [windowAt(day, start, start + 2 * HOUR)];
    }
    case 'store_replenishment':
      return [windowAt(day, opens + HOUR, Math.min(closes, opens + 6 * HOUR))];
    case 'b2b': {
      const base = created < hm(11) ? 0 : tomorrow;
      const start = base + Math.max(opens, created < hm(11) && base === 0 ? ceilTo(created + 3 * HOUR, 1800) : opens);
      return [windowAt(day, start, Math.max(start + 2 * HOUR, base + closes))];
    }
  }
}

/** `count` orders of the day, in creation order, each from a customer of the channel's kind at that customer's depot. */
export function ordersOf(rng: Rng, day: Day, count: number, customers: readonly GeneratedCustomer[], skus: readonly Sku[]): Order[] {
  const byKind = new Map<CustomerKind, (r: Rng) => GeneratedCustomer>();
  for (const kind of ['consumer', 'store', 'business'] as const) {
    const pool = customers.filter((c) => c.kind === kind);
    // Regulars order more often than the rest.
    if (pool.length > 0) byKind.set(kind, weightedSampler(pool, (c) => 1 + (Number(c.customer.id.slice(-2)) % 5)));
  }
  const skuById = new Map(skus.map((s) => [s.id, s]));
  const channels = (Object.keys(CHANNELS) as Channel[]).filter((c) => byKind.has(CHANNELS[c].customers));
  const orders: Order[] = [];
  for (let i = 0; i < count; i++) {
    const channel = weighted(rng, channels.map((c) => [c, CHANNELS[c].share] as const));
    const profile = CHANNELS[channel];
    const gc = byKind.get(profile.customers)!(rng);
    const created = Math.floor(between(rng, profile.arrive[0], profile.arrive[1]));
    const picks = rng.shuffle(skus).slice(0, rng.int(profile.lines[0], profile.lines[1]));
    const lines = picks.map((sku, n) => ({ lineNo: n + 1, sku: sku.id, qty: profile.qty(rng, sku) }));
    const windows = windowsFor(rng, day, channel, created, gc);
    const tier = weighted(rng, profile.tiers);
    const value = lines.reduce((sum, l) => sum + l.qty * skuById.get(l.sku)!.unitPrice.amountMinor, 0);
    orders.push({
      id: 'ord-new', tenant: TENANT.id, customerId: gc.customer.id, depotId: gc.depot.id, channel, slaTier: tier, lines, windows,
      serviceSeconds: gc.customer.serviceSeconds, load: loadOfLines(lines, (id) => skuById.get(id)!), value: { amountMinor: value, currency: 'EUR' },
      createdAt: isoAt(day, created), promisedBy: windows[windows.length - 1]!.end, priority: PRIORITY[tier] + rng.int(-5, 5), status: 'created',
      ...(rng.chance(0.08) ? { notes: rng.pick(NOTES) } : {}),
    });
  }
  // Numbered in the order they arrive, as an OMS would (the sort is stable for equal times).
  return orders.sort((a, b) => byCodeUnit(a.createdAt, b.createdAt)).map((o, i) => ({ ...o, id: `ord-${pad(i + 1, 6)}` }));
}
