/** For tests: the tiny sandbox day, a dispatch store beside it (vehicles, a plan, ETAs) and the tools over both. */
import { openTinySandbox } from '../../test/fixtures/tiny-sandbox.ts';
import { tinyDay, tinyOrder } from '../../test/fixtures/tiny-day.ts';
import type { AgentName, Plan } from '../domain/index.ts';
import { issueCarrierInvoice } from '../sandbox/world/billing.ts';
import { type Db, openStore } from '../store/index.ts';
import type { ToolContext } from './define.ts';
import { createTools } from './index.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

/** v1 carries shp-1 (order o-1) to c-shop; its ETA runs 15 minutes past the window. */
export function tinyPlan(): Plan {
  const stop = { shipmentId: 'shp-1', kind: 'delivery' as const, location: { lat: 52.4, lon: 4.95 }, arrivalAt: at('11:50'), serviceStartAt: at('11:50'), departureAt: at('11:55'), eta: at('12:15'), status: 'planned' as const };
  return {
    id: 'plan-1', tenant: 'acme', version: 0, createdAt: at('07:30'),
    routes: [{ vehicleId: 'v1', departAt: at('11:00'), returnAt: at('13:00'), stops: [stop], distanceM: 12_000, durationS: 7200, cost: eur(9000) }],
    unassigned: [{ shipmentId: 'shp-2', reasons: ['capacity'] }],
  };
}

/** The world the tool tests read: sandbox with orders o-1 and o-2, a tender, a carrier invoice, a posting and a dock booking. */
export async function openToolWorld(agent: AgentName = 'copilot', trigger?: ToolContext['trigger']) {
  const sandbox = await openTinySandbox([tinyOrder('o-1'), tinyOrder('o-2', { lines: [{ lineNo: 1, sku: 'milk', qty: 40 }, { lineNo: 2, sku: 'widget', qty: 2 }], slaTier: 'critical' })]);
  const { ports, clock } = sandbox;
  const store = openStore(':memory:', { clock });
  store.tenants.put({ id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' });
  for (const v of tinyDay().vehicles) store.vehicles.put(v);
  store.plans.save(tinyPlan());
  store.etas.put({ tenant: 'acme', shipmentId: 'shp-1', vehicleId: 'v1', eta: at('12:15'), window: { start: at('10:00'), end: at('12:00') }, updatedAt: at('08:00') });
  store.etas.put({ tenant: 'acme', shipmentId: 'shp-3', vehicleId: 'v2', eta: at('10:30'), window: { start: at('10:00'), end: at('12:00') }, updatedAt: at('08:00') });
  store.carrierScores.record('acme', 'fastco', { onTime: true });
  store.carrierScores.record('acme', 'fastco', { onTime: false, exceptionCode: 'not_home' });
  await ports.carrier.tender({ tenant: 'acme', carrierId: 'fastco', shipmentId: 'shp-9', depotId: 'north', zone: 'N1', weightKg: 40, amount: eur(2000), pickupAt: at('09:00'), idempotencyKey: 'tender-shp-9-a' });
  const invoice = issueCarrierInvoice(sandbox.world, 'acme', 'fastco');
  await ports.erp.post({ tenant: 'acme', idempotencyKey: 'posting-o-1-inv', body: { type: 'customer_invoice', orderId: 'o-1', amount: eur(1200) } });
  await ports.wms.bookDock({ tenant: 'acme', depotId: 'north', door: 1, vehicleId: 'v1', slot: { start: at('10:00'), end: at('10:30') }, shipmentIds: ['shp-1'], idempotencyKey: 'dock-v1-1000' });
  const ctx: ToolContext = { ports, store, clock, tenant: 'acme', agent, ...(trigger ? { trigger } : {}) };
  return { sandbox, store, ports, clock, ctx, invoice, tools: createTools(ctx) };
}

/** Every row of every table, to show a call changed nothing. */
export function snapshot(db: Db): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  // Rows sorted as JSON text: WITHOUT ROWID tables have no rowid to order by.
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(r)).sort()]));
}
