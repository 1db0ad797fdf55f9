/** Loads a sandbox day's master data into an empty world, in one transaction. */
import { ConflictError, parseInput } from '../../domain/index.ts';
import { Scenario } from '../scenario.ts';
import { getMeta, setMeta, type World } from './world.ts';
import { statement } from '../../store/index.ts';

/** Loads `input` (validated as a Scenario) into `world`; a world that already holds a day refuses another. */
export function loadScenario(world: World, input: unknown): Scenario {
  const day = parseInput(Scenario, input, 'scenario');
  const loaded = getMeta(world, 'scenario');
  if (loaded !== undefined) {
    throw new ConflictError('world_loaded', 'scenario', `this world already holds the day '${loaded}'; open a new file`);
  }
  const t = day.tenant.id;
  const db = world.db;
  const put = (table: string, id: string, doc: unknown) =>
    statement(db, `INSERT INTO ${table} (tenant, id, doc) VALUES (?, ?, ?)`).run(t, id, JSON.stringify(doc));
  db.transaction(() => {
    statement(db, 'INSERT INTO tenants (id, doc) VALUES (?, ?)').run(t, JSON.stringify(day.tenant));
    for (const d of day.depots) put('depots', d.id, d);
    for (const c of day.customers) put('customers', c.id, c);
    for (const s of day.skus) put('skus', s.id, s);
    const accounts = new Map(day.accounts.map((a) => [a.customerId, a]));
    for (const c of day.customers) {
      const a = accounts.get(c.id);
      db.prepare('INSERT INTO accounts (tenant, customer_id, balance_minor, on_hold, hold_reason) VALUES (?, ?, ?, ?, ?)')
        .run(t, c.id, a?.balance.amountMinor ?? 0, a?.onHold ? 1 : 0, a?.onHold ? 'on hold in the scenario' : null);
    }
    for (const s of day.stock) {
      db.prepare(
        'INSERT INTO stock (tenant, depot_id, sku, bin, on_hand, reserved, count_locked) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(t, s.depotId, s.sku, s.bin, s.onHand, s.reserved, s.countLocked ? 1 : 0);
    }
    for (const i of day.inTransit) {
      db.prepare(
        "INSERT INTO in_transit (tenant, id, sku, from_depot, to_depot, qty, eta, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'in_transit')",
      ).run(t, i.id, i.sku, i.fromDepotId ?? null, i.toDepotId, i.qty, i.eta);
    }
    const behaviour = new Map(day.behaviour.carriers.map((b) => [b.carrierId, b]));
    for (const c of day.carriers) {
      const b = behaviour.get(c.id);
      db.prepare('INSERT INTO carriers (tenant, id, doc, accept_rate, discrepancy_rate) VALUES (?, ?, ?, ?, ?)')
        .run(t, c.id, JSON.stringify(c), b?.acceptRate ?? 0.9, b?.invoiceDiscrepancyRate ?? 0.1);
    }
    for (const v of day.vehicles) {
      const depot = day.depots.find((d) => d.id === v.depotId);
      if (!depot) throw new ConflictError('unknown_depot', `vehicles.${v.id}.depotId`, `unknown depot '${v.depotId}'`);
      const position = { tenant: t, vehicleId: v.id, at: v.shift.start, location: depot.location, speedKph: 0, status: v.status };
      db.prepare('INSERT INTO vehicles (tenant, id, doc, position) VALUES (?, ?, ?, ?)')
        .run(t, v.id, JSON.stringify(v), JSON.stringify(position));
    }
    setMeta(world, 'scenario', day.name);
    setMeta(world, 'seed', String(day.behaviour.seed));
    setMeta(world, 'date', day.date);
  })();
  return day;
}
