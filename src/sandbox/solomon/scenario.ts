/**
 * A Solomon instance as a sandbox day. Time: one Solomon unit is one minute after 00:00 UTC of the date.
 * Space: one unit is one kilometre (kept exactly in location.x/y; lat/lon placed around a fixed point), so
 * at 60 km/h a unit of distance takes a unit of time, as in the benchmark.
 */
import { type Customer, type Order, type Sku, toIso, type Vehicle } from '../../domain/index.ts';
import { SCENARIO_FORMAT, Scenario } from '../scenario.ts';
import { dayOf } from '../generator/calendar.ts';
import { pad } from '../generator/draw.ts';
import { offsetKm } from '../generator/geo.ts';
import { parseSolomon } from './parse.ts';

/** South-west corner of the benchmark's square: where (0, 0) is put on the map. */
const ORIGIN = { lat: 52.0, lon: 4.5 };
const TENANT = { id: 'solomon', name: 'Solomon benchmark', currency: 'EUR', timezone: 'UTC' };
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

/** Turns the text of a Solomon instance into a sandbox day on `date` (default 2026-11-23). */
export function solomonScenario(text: string, name: string, options: { date?: string } = {}): Scenario {
  const inst = parseSolomon(text, name);
  const day = dayOf(options.date ?? '2026-11-23');
  const at = (units: number) => toIso(day.startEpoch + Math.round(units * 60));
  const place = (x: number, y: number) => ({ ...offsetKm(ORIGIN, x, y), x, y });
  const t = TENANT.id;
  const depot = { id: 'depot', tenant: t, name: `${name} depot`, location: place(inst.depot.x, inst.depot.y), opensAt: '00:00', closesAt: '23:59', dockDoors: 10 };
  const sku: Sku = { id: 'unit', tenant: t, description: 'one unit of Solomon demand', unitPrice: eur(100), unitWeightKg: 1, unitVolumeM3: 0.001, unitsPerPallet: 1000, temperature: 'ambient', hazmat: false, substitutes: [] };
  const customers: Customer[] = inst.customers.map((c) => ({
    id: `c${pad(c.id, 4)}`, tenant: t, name: `customer ${c.id}`, location: place(c.x, c.y), zone: 'Z1', receivingOpensAt: '00:00',
    receivingClosesAt: '23:59', serviceSeconds: c.service * 60, creditLimit: eur(100_000_000), paymentTermsDays: 30,
  }));
  const orders: Order[] = inst.customers.map((c) => ({
    id: `o${pad(c.id, 4)}`, tenant: t, customerId: `c${pad(c.id, 4)}`, depotId: depot.id, channel: 'b2b', slaTier: 'standard',
    lines: [{ lineNo: 1, sku: sku.id, qty: Math.max(1, c.demand) }], windows: [{ start: at(c.ready), end: at(c.due) }],
    serviceSeconds: c.service * 60, load: { weightKg: c.demand, volumeM3: c.demand * 0.001, pallets: c.demand / 1000 },
    value: eur(c.demand * 100), createdAt: at(0), promisedBy: at(c.due), priority: 50, status: 'created',
  }));
  const vehicles: Vehicle[] = Array.from({ length: inst.vehicles }, (_, i) => ({
    id: `v${pad(i + 1, 3)}`, tenant: t, depotId: depot.id, name: `vehicle ${i + 1}`, kind: 'rigid', capacity: { weightKg: inst.capacity, volumeM3: 1e6, pallets: 1e6 },
    skills: [], shift: { start: at(inst.depot.ready), end: at(inst.depot.due) }, fixedCost: eur(0), costPerKm: eur(100), costPerHour: eur(0),
    speedFactor: 1, status: 'available',
  }));
  const created = orders.map((o, i) => ({ specversion: '1.0' as const, id: `evt-${pad(i + 1, 6)}`, source: '/solomon', type: 'oms.order.created' as const, time: at(0), subject: o.id, tenant: t, data: { order: o } }));
  const picked = orders.map((o, i) => ({
    specversion: '1.0' as const, id: `evt-${pad(orders.length + i + 1, 6)}`, source: '/solomon', type: 'wms.pick.completed' as const, time: at(0), subject: o.id, tenant: t,
    data: { orderId: o.id, shipmentId: `shp-${o.id}`, depotId: depot.id, load: o.load, completedAt: at(0), shortLines: [] },
  }));
  return Scenario.parse({
    format: SCENARIO_FORMAT, name, seed: null, date: day.date, tenant: TENANT, depots: [depot], vehicles, drivers: [], carriers: [], customers,
    accounts: [], skus: [sku], stock: [{ tenant: t, depotId: depot.id, sku: sku.id, bin: 'A-1', onHand: orders.reduce((s, o) => s + o.lines[0]!.qty, 0), reserved: 0, countLocked: false }],
    inTransit: [], behaviour: { seed: 0, carriers: [] }, events: [...created, ...picked],
  });
}
