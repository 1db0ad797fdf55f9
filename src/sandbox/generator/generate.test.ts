import { describe, expect, it } from 'vitest';
import { loadOfLines, parseEvent, type Order } from '../../domain/index.ts';
import { generateScenario, serializeScenario } from './index.ts';

const opts = { seed: 7, orders: 300, depots: 2, vehicles: 12 };
const day = generateScenario(opts);
const orders = day.events.filter((e) => e.type === 'oms.order.created').map((e) => (e.data as { order: Order }).order);

describe('scenario generator', () => {
  it('gives byte-identical output for the same seed and another day for another seed', () => {
    expect(serializeScenario(generateScenario(opts))).toBe(serializeScenario(day));
    expect(serializeScenario(generateScenario({ ...opts, seed: 8 }))).not.toBe(serializeScenario(day));
  });

  it('honours the counts asked for', () => {
    expect(orders).toHaveLength(300);
    expect(day.depots).toHaveLength(2);
    expect(day.vehicles).toHaveLength(12);
    expect(day.drivers).toHaveLength(12);
    expect(day.carriers.length).toBeGreaterThanOrEqual(3);
    expect(day.carriers.length).toBeLessThanOrEqual(5);
  });

  it('keeps the fleet and customers when only the number of orders changes', () => {
    const more = generateScenario({ ...opts, orders: 310 });
    expect(more.vehicles).toEqual(day.vehicles);
    expect(more.skus).toEqual(day.skus);
  });

  it('writes events that parse, in time order, with unique ids', () => {
    for (const e of day.events) expect(() => parseEvent(e)).not.toThrow();
    const times = day.events.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    expect(new Set(day.events.map((e) => e.id)).size).toBe(day.events.length);
  });

  it('references only customers, depots and SKUs that exist, with load from the SKU master', () => {
    const customers = new Set(day.customers.map((c) => c.id));
    const depots = new Set(day.depots.map((d) => d.id));
    const skus = new Map(day.skus.map((s) => [s.id, s]));
    for (const o of orders) {
      expect(customers.has(o.customerId)).toBe(true);
      expect(depots.has(o.depotId)).toBe(true);
      expect(o.load).toEqual(loadOfLines(o.lines, (id) => skus.get(id)!));
      for (const w of o.windows) expect(w.end > w.start).toBe(true);
    }
  });

  it('mixes channels and tiers, and includes disruptions: a breakdown, a short pick, a failed delivery', () => {
    expect(new Set(orders.map((o) => o.channel))).toEqual(new Set(['ecommerce', 'marketplace', 'store_replenishment', 'b2b']));
    expect(new Set(orders.map((o) => o.slaTier)).size).toBeGreaterThanOrEqual(3);
    const types = new Set(day.events.map((e) => e.type));
    for (const t of ['telematics.vehicle.down', 'wms.task.exception', 'driver.delivery.failed', 'wms.pick.completed']) expect(types.has(t as never)).toBe(true);
    expect(day.vehicles.some((v) => v.skills.includes('reefer'))).toBe(true);
    expect(day.accounts.some((a) => a.onHold)).toBe(true);
    expect(day.stock.some((s) => s.countLocked)).toBe(true);
  });

  it('every pick completes after its order is created', () => {
    const created = new Map(day.events.filter((e) => e.type === 'oms.order.created').map((e) => [e.subject, e.time]));
    for (const e of day.events.filter((x) => x.type === 'wms.pick.completed')) expect(e.time > created.get(e.subject!)!).toBe(true);
  });

  it('refuses impossible options, naming each', () => {
    expect(() => generateScenario({ ...opts, orders: 0, depots: 99 })).toThrow(/orders: must be a whole number from 1 to 100000; depots: must be a whole number from 1 to 8/);
    expect(() => generateScenario({ ...opts, date: '2026-02-30' })).toThrow(/date: must be a calendar date/);
  });
});
