/** The seeded scenario generator: the same options always give the same day, byte for byte. */
import { createRng, InputError, type Order, type Rng } from '../../domain/index.ts';
import { SCENARIO_FORMAT, Scenario } from '../scenario.ts';
import { dayOf } from './calendar.ts';
import { timelineOf } from './events.ts';
import { carriersOf, fleetOf } from './fleet.ts';
import { accountsOf, customersOf, depotsOf, inTransitOf, skusOf, stockOf, TENANT } from './master.ts';
import { ordersOf } from './orders.ts';
import { DIRECTIONS } from './geo.ts';

/** Labels of the independent random streams, in the order they are forked (changing it changes every day). */
const STREAMS = ['depots', 'customers', 'skus', 'stock', 'fleet', 'carriers', 'orders', 'accounts', 'transit', 'events'] as const;

export interface GenerateOptions {
  seed: number;
  orders: number;
  depots: number;
  vehicles: number;
  /** `YYYY-MM-DD`, default 2026-11-23. */
  date?: string;
  name?: string;
}

function check(options: GenerateOptions): void {
  const issues: { path: string; reason: string }[] = [];
  const whole = (path: keyof GenerateOptions, min: number, max: number) => {
    const v = options[path];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) issues.push({ path, reason: `must be a whole number from ${min} to ${max}` });
  };
  whole('seed', -2147483648, 4294967295);
  whole('orders', 1, 100_000);
  whole('depots', 1, DIRECTIONS.length);
  whole('vehicles', 1, 5000);
  if (issues.length > 0) throw new InputError('invalid_options', issues, 'generate');
}

/** A believable day of a small distribution operation, every draw from `seed`. */
export function generateScenario(options: GenerateOptions): Scenario {
  check(options);
  const day = dayOf(options.date ?? '2026-11-23');
  const root = createRng(options.seed);
  // Each part draws from its own stream, so more orders never changes the fleet or the customers. The streams are
  // forked up front in a fixed order because a fork consumes one draw of the root.
  const rng = Object.fromEntries(STREAMS.map((label) => [label, root.fork(label)])) as Record<(typeof STREAMS)[number], Rng>;
  const depots = depotsOf(rng.depots, options.depots);
  const customers = customersOf(rng.customers, Math.max(10, Math.min(20_000, Math.ceil(options.orders * 0.5))), depots);
  const skus = skusOf(rng.skus);
  const { vehicles, drivers } = fleetOf(rng.fleet, day, depots.map((d) => d.depot), options.vehicles);
  const zones = new Map<string, string[]>();
  for (const c of customers) {
    const list = zones.get(c.depot.id) ?? [];
    if (!list.includes(c.customer.zone)) list.push(c.customer.zone);
    zones.set(c.depot.id, list.sort());
  }
  const { carriers, behaviour } = carriersOf(rng.carriers, depots.map((d) => d.depot), zones);
  const orders = ordersOf(rng.orders, day, options.orders, customers, skus);
  // Stock and accounts are drawn after the orders so that a short SKU is one that is ordered and a credit hold hits a buyer.
  const { stock, short } = stockOf(rng.stock, depots.map((d) => d.depot), skus, orderedSkus(orders));
  return Scenario.parse({
    format: SCENARIO_FORMAT,
    name: options.name ?? `acme-${day.date}-seed${options.seed}-${options.orders}`,
    seed: options.seed,
    date: day.date,
    tenant: TENANT,
    depots: depots.map((d) => d.depot),
    vehicles,
    drivers,
    carriers,
    customers: customers.map((c) => c.customer),
    accounts: accountsOf(rng.accounts, customers, orders),
    skus,
    stock,
    inTransit: inTransitOf(rng.transit, day, depots.map((d) => d.depot), short),
    behaviour: { seed: options.seed, carriers: behaviour },
    events: timelineOf(rng.events, day, orders, vehicles, short),
  });
}

/** The SKUs the day's orders ask for, in first-ordered order. */
function orderedSkus(orders: readonly Order[]): string[] {
  return [...new Set(orders.flatMap((o) => o.lines.map((l) => l.sku)))];
}

/** Pretty JSON with a trailing newline; the same scenario always serializes to the same bytes. */
export function serializeScenario(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 1)}\n`;
}
