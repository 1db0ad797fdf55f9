/** Master data of a generated day: the tenant, its depots, customers with credit terms, SKUs, stock and stock in transit. */
import type { Customer, Depot, Order, Rng, Sku, StockLevel, Tenant } from '../../domain/index.ts';
import type { Scenario } from '../scenario.ts';
import { type Day, hm, isoAt } from './calendar.ts';
import { between, pad, round, weighted } from './draw.ts';
import { alongBearing, DIRECTIONS, type Direction, FAMILY_NAMES, GIVEN_NAMES, METRO_CENTRE, scatter, STREETS } from './geo.ts';

export const TENANT: Tenant = { id: 'acme', name: 'Acme Distribution', currency: 'EUR', timezone: 'Europe/Amsterdam' };
const eur = (amountMinor: number) => ({ amountMinor: Math.round(amountMinor), currency: 'EUR' });

export type CustomerKind = 'consumer' | 'store' | 'business';

/** A customer with what the generator needs to know about it beyond the schema. */
export interface GeneratedCustomer {
  customer: Customer;
  kind: CustomerKind;
  depot: Depot;
}

/** Depots on a ring around the centre, one per compass direction, named for it. */
export function depotsOf(rng: Rng, count: number): { depot: Depot; direction: Direction }[] {
  return DIRECTIONS.slice(0, count).map((direction) => ({
    direction,
    depot: {
      id: `dc-${direction.code.toLowerCase()}`, tenant: TENANT.id, name: `DC ${direction.name}`,
      location: { ...alongBearing(METRO_CENTRE, direction.bearing, count === 1 ? 3 : between(rng, 7, 11)), address: `${rng.pick(STREETS)} ${rng.int(1, 200)}, ${direction.towns[0]}` },
      opensAt: '04:00', closesAt: '22:00', dockDoors: rng.int(4, 8),
    },
  }));
}

const KIND_PROFILE = {
  consumer: { opens: '08:00', closes: '22:00', service: [120, 300], limit: 500_000, terms: 0 },
  store: { opens: '06:00', closes: '14:00', service: [900, 1800], limit: 5_000_000, terms: 14 },
  business: { opens: '08:00', closes: '17:00', service: [300, 900], limit: 1_500_000, terms: 30 },
} as const;

/** Customers around their depot, zoned by direction and distance ring (N1 within 8 km, N2 within 16, N3 beyond). */
export function customersOf(rng: Rng, count: number, depots: readonly { depot: Depot; direction: Direction }[]): GeneratedCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const { depot, direction } = depots[i % depots.length]!;
    const kind: CustomerKind = weighted(rng, [['consumer', 70], ['store', 12], ['business', 18]]);
    const km = between(rng, 1, 24);
    const location = scatter(rng, depot.location, km, km);
    const town = direction.towns[km < 8 ? 0 : km < 16 ? 1 : 2];
    const profile = KIND_PROFILE[kind];
    const family = rng.pick(FAMILY_NAMES);
    const name = kind === 'consumer' ? `${rng.pick(GIVEN_NAMES)} ${family}` : kind === 'store' ? `Acme Store ${town} ${i + 1}` : `${family} ${rng.pick(['Bakkerij', 'Installatietechniek', 'Kantoorartikelen', 'Horeca', 'Bouwmaterialen'])}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
    const customer: Customer = {
      id: `cus-${pad(i + 1, 5)}`, tenant: TENANT.id, name,
      location: { ...location, address: `${rng.pick(STREETS)} ${rng.int(1, 250)}, ${town}` },
      zone: `${direction.code}${km < 8 ? 1 : km < 16 ? 2 : 3}`,
      receivingOpensAt: profile.opens, receivingClosesAt: profile.closes,
      serviceSeconds: rng.int(profile.service[0], profile.service[1]),
      creditLimit: eur(kind === 'business' ? profile.limit * between(rng, 0.3, 1.3) : profile.limit), paymentTermsDays: profile.terms,
      ...(rng.chance(0.9) ? { email: `${slug}@example.nl` } : {}),
      ...(kind === 'consumer' && rng.chance(0.75) ? { phone: `+31 6 ${pad(rng.int(0, 99_999_999), 8)}` } : {}),
    };
    return { customer, kind, depot };
  });
}

/** Open balances: most business customers owe something; among buyers of the day one or two are on hold, one sits
 * just under its limit (its next order tips it over) and one is already over, so credit holds happen on any day. */
export function accountsOf(rng: Rng, customers: readonly GeneratedCustomer[], orders: readonly Order[]): Scenario['accounts'] {
  const firstOrder = new Map<string, Order>();
  for (const o of orders) if (!firstOrder.has(o.customerId)) firstOrder.set(o.customerId, o);
  const business = customers.filter((c) => c.kind === 'business');
  const accounts = new Map(business.map(({ customer }) => {
    const share = rng.chance(0.06) ? between(rng, 0.95, 1.05) : between(rng, 0, 0.8);
    return [customer.id, { customerId: customer.id, balance: eur(customer.creditLimit.amountMinor * share), onHold: false }];
  }));
  // Account customers who order today come first, then other buyers, so the special cases meet real orders.
  const buyers = customers.filter((c) => firstOrder.has(c.customer.id));
  const pool = [...buyers.filter((c) => c.kind !== 'consumer'), ...buyers.filter((c) => c.kind === 'consumer')];
  const [hold, near, over, secondHold] = rng.shuffle(pool.slice(0, 12));
  const held = rng.chance(0.5) ? [hold, secondHold] : [hold];
  const set = (c: GeneratedCustomer | undefined, balanceMinor: (limit: number) => number, onHold: boolean) => {
    if (c) accounts.set(c.customer.id, { customerId: c.customer.id, balance: eur(Math.max(0, balanceMinor(c.customer.creditLimit.amountMinor))), onHold });
  };
  set(near, (limit) => limit - Math.floor((firstOrder.get(near!.customer.id)?.value.amountMinor ?? 0) / 2), false);
  set(over, (limit) => limit * between(rng, 1.02, 1.1), false);
  for (const c of held) set(c, (limit) => limit * between(rng, 0.2, 0.9), true);
  return [...accounts.values()];
}

const CATEGORIES = [
  { name: 'Pantry', temperature: 'ambient', weight: [0.2, 3], price: [150, 900], hazmat: false, share: 35 },
  { name: 'Dairy', temperature: 'chilled', weight: [0.25, 2], price: [90, 600], hazmat: false, share: 15 },
  { name: 'Frozen', temperature: 'frozen', weight: [0.3, 2.5], price: [250, 1200], hazmat: false, share: 10 },
  { name: 'Household', temperature: 'ambient', weight: [0.5, 6], price: [200, 1500], hazmat: true, share: 10 },
  { name: 'Office', temperature: 'ambient', weight: [0.2, 8], price: [300, 4500], hazmat: false, share: 15 },
  { name: 'DIY', temperature: 'ambient', weight: [5, 35], price: [900, 12_000], hazmat: false, share: 15 },
] as const;

/** About eighty SKUs across ambient, chilled and frozen categories, some hazardous, some with substitutes. */
export function skusOf(rng: Rng, count = 80): Sku[] {
  const skus = Array.from({ length: count }, (_, i) => {
    const cat = weighted(rng, CATEGORIES.map((c) => [c, c.share] as const));
    const unitWeightKg = round(between(rng, cat.weight[0], cat.weight[1]), 3);
    return {
      category: cat.name,
      sku: {
        id: `sku-${pad(i + 1, 4)}`, tenant: TENANT.id, description: `${cat.name} item ${i + 1}`, unitPrice: eur(rng.int(cat.price[0], cat.price[1])),
        unitWeightKg, unitVolumeM3: round(unitWeightKg / between(rng, 250, 600), 4) || 0.0001,
        unitsPerPallet: Math.max(4, Math.min(400, Math.floor(500 / unitWeightKg))), temperature: cat.temperature,
        hazmat: cat.hazmat && rng.chance(0.4), substitutes: [] as string[],
      } satisfies Sku,
    };
  });
  for (const { category, sku } of skus) {
    if (!rng.chance(0.3)) continue;
    const peers = skus.filter((s) => s.category === category && s.sku.id !== sku.id).map((s) => s.sku.id);
    if (peers.length > 0) sku.substitutes = rng.shuffle(peers).slice(0, rng.int(1, 2));
  }
  return skus.map((s) => s.sku);
}

/** Bins per depot and SKU; a few SKUs run short (at least one the day's orders ask for) and a few bins are count-locked. */
export function stockOf(rng: Rng, depots: readonly Depot[], skus: readonly Sku[], ordered: readonly string[]): { stock: StockLevel[]; short: Set<string> } {
  const short = new Set(skus.filter(() => rng.chance(0.06)).map((s) => s.id));
  // Without an ordered short SKU a small day would see no stock-out, no exception and no backorder.
  if (ordered.length > 0 && !ordered.some((id) => short.has(id))) short.add(rng.pick(ordered));
  const stock: StockLevel[] = [];
  for (const depot of depots) {
    for (const [i, sku] of skus.entries()) {
      const bins = rng.int(1, 3);
      for (let b = 0; b < bins; b++) {
        stock.push({
          tenant: TENANT.id, depotId: depot.id, sku: sku.id, bin: `${String.fromCharCode(65 + (i % 20))}-${pad(i + 1, 3)}-${b + 1}`,
          onHand: short.has(sku.id) ? rng.int(0, 4) : rng.int(40, 400), reserved: 0, countLocked: rng.chance(0.03),
        });
      }
    }
  }
  const locked = stock.some((s) => s.countLocked);
  if (!locked && stock.length > 0) rng.pick(stock).countLocked = true;
  return { stock, short };
}

/** Supplier deliveries for most short SKUs, arriving during the day. */
export function inTransitOf(rng: Rng, day: Day, depots: readonly Depot[], short: ReadonlySet<string>): Scenario['inTransit'] {
  const coming = [...short].filter(() => rng.chance(0.7));
  // At least one delivery, so a short SKU can be promised against stock arriving later in the day.
  if (coming.length === 0 && short.size > 0) coming.push(rng.pick([...short]));
  return coming.map((sku, i) => ({
    id: `po-${pad(i + 1, 5)}`, sku, toDepotId: rng.pick(depots).id, qty: rng.int(50, 300), eta: isoAt(day, hm(rng.int(9, 17), rng.pick([0, 30]))),
  }));
}
