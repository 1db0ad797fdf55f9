/** What every generated day must contain, whatever its seed and size: the disruptions and holds agents are tested on. */
import { describe, expect, it } from 'vitest';
import { type Order, parseEvent } from '../../domain/index.ts';
import { Scenario } from '../scenario.ts';
import { generateScenario, serializeScenario } from './index.ts';

const ordersOf = (day: Scenario): Order[] =>
  day.events.filter((e) => e.type === 'oms.order.created').map((e) => (e.data as { order: Order }).order);

const dataOf = <T>(day: Scenario, type: string): T[] => day.events.filter((e) => e.type === type).map((e) => e.data as T);

describe('every generated day, small or large', () => {
  const sizes = [
    { orders: 12, depots: 1, vehicles: 2 },
    { orders: 40, depots: 2, vehicles: 5 },
    { orders: 500, depots: 3, vehicles: 20 },
  ];
  const days = sizes.flatMap((size) => [1, 2, 3, 5, 8, 13, 21, 34].map((seed) => ({ seed, ...size, day: generateScenario({ seed, ...size }) })));

  it('holds a breakdown, a stock exception on a short SKU and a failed delivery after its pick', () => {
    for (const { day } of days) {
      expect(dataOf(day, 'telematics.vehicle.down')).not.toHaveLength(0);
      const exceptions = dataOf<{ orderId: string; depotId: string; sku: string; expectedQty: number }>(day, 'wms.task.exception');
      expect(exceptions.length).toBeGreaterThanOrEqual(1);
      for (const x of exceptions) {
        const onHand = day.stock.filter((s) => s.depotId === x.depotId && s.sku === x.sku).reduce((n, s) => n + s.onHand, 0);
        // A short SKU keeps a handful at most (0–4 in each of up to three bins); the others keep 40 or more per bin.
        expect(onHand).toBeLessThanOrEqual(12);
      }
      const shortPicks = dataOf<{ orderId: string; shortLines: { sku: string; picked: number }[] }>(day, 'wms.pick.completed').filter((p) => p.shortLines.length > 0);
      expect(shortPicks.map((p) => p.orderId).sort()).toEqual(exceptions.map((x) => x.orderId).sort());
      const picks = new Map(dataOf<{ orderId: string; completedAt: string }>(day, 'wms.pick.completed').map((p) => [p.orderId, p.completedAt]));
      const failed = dataOf<{ orderId: string; at: string }>(day, 'driver.delivery.failed');
      expect(failed.length).toBeGreaterThanOrEqual(1);
      for (const f of failed) expect(f.at > picks.get(f.orderId)!).toBe(true);
    }
  });

  it('puts a buyer of the day on credit hold and another at or over its limit', () => {
    for (const { day } of days) {
      const buyers = new Map<string, Order>();
      for (const o of ordersOf(day)) if (!buyers.has(o.customerId)) buyers.set(o.customerId, o);
      const limit = new Map(day.customers.map((c) => [c.id, c.creditLimit.amountMinor]));
      const held = day.accounts.filter((a) => a.onHold);
      expect(held.length).toBeGreaterThanOrEqual(1);
      expect(held.length).toBeLessThanOrEqual(2);
      expect(held.some((a) => buyers.has(a.customerId))).toBe(true);
      // Tipped over: the balance plus the customer's first order passes its credit limit.
      const tipped = day.accounts.filter((a) => !a.onHold && buyers.has(a.customerId)
        && a.balance.amountMinor + buyers.get(a.customerId)!.value.amountMinor > limit.get(a.customerId)!);
      expect(tipped.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('has count-locked bins and stock in transit, arriving on the day', () => {
    for (const { day } of days) {
      expect(day.stock.some((s) => s.countLocked)).toBe(true);
      expect(day.inTransit.length).toBeGreaterThanOrEqual(1);
      for (const t of day.inTransit) expect(t.eta.slice(0, 10)).toBe(day.date);
    }
  });

  it('computes each load from the SKU master times the quantity, checked independently of the generator', () => {
    for (const { day } of days) {
      const skus = new Map(day.skus.map((s) => [s.id, s]));
      for (const o of ordersOf(day)) {
        const kg = o.lines.reduce((sum, l) => sum + skus.get(l.sku)!.unitWeightKg * l.qty, 0);
        const m3 = o.lines.reduce((sum, l) => sum + skus.get(l.sku)!.unitVolumeM3 * l.qty, 0);
        const pallets = o.lines.reduce((sum, l) => sum + l.qty / skus.get(l.sku)!.unitsPerPallet, 0);
        expect(Math.abs(o.load.weightKg - kg)).toBeLessThan(0.001);
        expect(Math.abs(o.load.volumeM3 - m3)).toBeLessThan(0.001);
        expect(Math.abs(o.load.pallets - pallets)).toBeLessThan(0.01);
        const value = o.lines.reduce((sum, l) => sum + skus.get(l.sku)!.unitPrice.amountMinor * l.qty, 0);
        expect(o.value.amountMinor).toBe(value);
      }
    }
  });

  it('gives a reefer to any fleet of two or more, for the chilled and frozen orders', () => {
    for (const { day } of days) expect(day.vehicles.some((v) => v.skills.includes('reefer'))).toBe(true);
    const cold = days.flatMap(({ day }) => ordersOf(day).filter((o) => o.lines.some((l) => day.skus.find((s) => s.id === l.sku)!.temperature !== 'ambient')));
    expect(cold.length).toBeGreaterThan(0);
  });

  it('serializes to JSON that parses back to the same bytes, with every event valid', () => {
    for (const { day } of days.slice(0, 4)) {
      const text = serializeScenario(day);
      expect(text.endsWith('}\n')).toBe(true);
      const back = Scenario.parse(JSON.parse(text));
      expect(serializeScenario(back)).toBe(text);
      for (const e of back.events) expect(() => parseEvent(e)).not.toThrow();
    }
  });
});
