import { describe, expect, it } from 'vitest';
import { ManualClock, type Order } from '../domain/index.ts';
import { openStore } from './index.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
const tenant = { id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'Europe/Amsterdam' };

function order(id: string, priority: number): Order {
  return {
    id, tenant: 'acme', customerId: 'c1', depotId: 'north', channel: 'ecommerce', slaTier: 'standard',
    lines: [{ lineNo: 1, sku: 'sku-1', qty: 2 }], windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }],
    serviceSeconds: 300, load: { weightKg: 4, volumeM3: 0.02, pallets: 0 }, value: { amountMinor: 1999, currency: 'EUR' },
    createdAt: '2026-11-23T07:00:00Z', priority, status: 'created',
  };
}

describe('order priorities', () => {
  it('follows every write, and forgets what a rolled-back transaction wrote', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    store.orders.put(order('o-1', 10));
    expect([...store.orderPriorities('acme')]).toEqual([['o-1', 10]]);
    store.orders.put(order('o-1', 80));
    store.orders.put(order('o-2', 5));
    expect(store.orderPriorities('acme').get('o-1')).toBe(80);
    expect(store.orderPriorities('acme').get('o-2')).toBe(5);
    expect(() => store.transaction(() => {
      store.orders.put(order('o-2', 99));
      expect(store.orderPriorities('acme').get('o-2')).toBe(99);
      throw new Error('crash');
    })).toThrow('crash');
    expect(store.orderPriorities('acme').get('o-2')).toBe(5);
    store.db.prepare("UPDATE orders SET priority = 7, doc = json_set(doc, '$.priority', 7) WHERE id = 'o-2'").run();
    expect(store.orderPriorities('acme').get('o-2')).toBe(7);
    store.close();
  });

  it('refuses a stored priority that is not a number, naming the field', () => {
    const store = openStore(':memory:', { clock });
    store.tenants.put(tenant);
    store.orders.put(order('o-1', 10));
    store.db.prepare("UPDATE orders SET priority = NULL, doc = json_set(doc, '$.priority', 'high') WHERE id = 'o-1'").run();
    expect(() => store.orderPriorities('acme')).toThrow(/priority/);
    store.close();
  });
});
