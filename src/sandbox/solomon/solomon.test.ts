import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Order, parseEvent } from '../../domain/index.ts';
import { parseSolomon, solomonScenario } from './index.ts';

const read = (name: string) => readFileSync(new URL(`../../../../shared/benchmarks/solomon/${name}.txt`, import.meta.url), 'utf8');

describe('Solomon instances', () => {
  it('parses c101: 25 vehicles of 200, the depot and 100 customers with their numbers', () => {
    const inst = parseSolomon(read('c101'), 'c101');
    expect([inst.vehicles, inst.capacity, inst.customers.length]).toEqual([25, 200, 100]);
    expect(inst.depot).toEqual({ id: 0, x: 40, y: 50, demand: 0, ready: 0, due: 1236, service: 0 });
    expect(inst.customers[0]).toEqual({ id: 1, x: 45, y: 68, demand: 10, ready: 912, due: 967, service: 90 });
  });

  it('turns c101 into a day: one order per customer, minutes as clock time, planar coordinates kept', () => {
    const day = solomonScenario(read('c101'), 'c101');
    const orders = day.events.filter((e) => e.type === 'oms.order.created').map((e) => parseEvent(e).data as { order: Order });
    expect(orders).toHaveLength(100);
    const first = orders[0]!.order;
    expect(first.windows[0]).toEqual({ start: '2026-11-23T15:12:00Z', end: '2026-11-23T16:07:00Z' });
    expect(first.serviceSeconds).toBe(5400);
    expect(first.load.weightKg).toBe(10);
    expect(day.customers[0]?.location).toMatchObject({ x: 45, y: 68 });
    expect(day.vehicles).toHaveLength(25);
    expect(day.vehicles[0]?.capacity.weightKg).toBe(200);
    expect(day.vehicles[0]?.shift).toEqual({ start: '2026-11-23T00:00:00Z', end: '2026-11-23T20:36:00Z' });
  });

  it('handles r201, whose horizon is 1000 minutes', () => {
    const day = solomonScenario(read('r201'), 'r201');
    expect(day.vehicles[0]?.shift.end).toBe('2026-11-23T16:40:00Z');
  });

  it('names the line of a malformed file', () => {
    const text = read('c101').split('\n');
    text[10] = '    1      45         68         10        967        912         90';
    expect(() => parseSolomon(text.join('\n'), 'bad')).toThrow(/bad:11: customer 1: due date 912 is before ready time 967/);
    expect(() => parseSolomon('nothing here', 'empty')).toThrow(/empty:1: no VEHICLE section/);
  });
});
