/** Every number of a Solomon instance survives the trip into a sandbox day, on CRLF and LF files alike. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Order, parseEvent, toEpochSeconds } from '../../domain/index.ts';
import { parseSolomon, solomonScenario } from './index.ts';

const read = (name: string) => readFileSync(new URL(`../../../../shared/benchmarks/solomon/${name}.txt`, import.meta.url), 'utf8');

/** Great-circle distance in km, to check that one planar unit was laid out as one kilometre. */
function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2
    + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

describe.each(['c101', 'r201'])('Solomon %s as a sandbox day', (name) => {
  const text = read(name);
  const inst = parseSolomon(text, name);
  const day = solomonScenario(text, name, { date: '2027-03-01' });
  const midnight = toEpochSeconds('2027-03-01T00:00:00Z');
  const orders = day.events.filter((e) => e.type === 'oms.order.created').map((e) => (parseEvent(e).data as { order: Order }).order);

  it('reads the same instance from CRLF and LF text', () => {
    // c101 ships with CRLF line ends, so at least one file exercises them as found.
    if (name === 'c101') expect(text).toContain('\r\n');
    expect(parseSolomon(text.replace(/\r\n/g, '\n'), name)).toEqual(inst);
    expect(parseSolomon(text.replace(/\r?\n/g, '\r\n'), name)).toEqual(inst);
    expect(inst.customers).toHaveLength(100);
  });

  it('keeps demand, window (1 unit = 1 minute after 00:00 UTC) and service of every customer', () => {
    expect(orders).toHaveLength(inst.customers.length);
    inst.customers.forEach((c, i) => {
      const o = orders[i]!;
      expect(o.load.weightKg).toBe(c.demand);
      expect(o.windows).toHaveLength(1);
      expect(toEpochSeconds(o.windows[0]!.start) - midnight).toBe(c.ready * 60);
      expect(toEpochSeconds(o.windows[0]!.end) - midnight).toBe(c.due * 60);
      expect(o.serviceSeconds).toBe(c.service * 60);
      expect(o.createdAt).toBe('2027-03-01T00:00:00Z');
    });
  });

  it('keeps planar coordinates and lays one unit out as one kilometre', () => {
    const [a, b] = [day.customers[0]!.location, day.customers[50]!.location];
    expect([a.x, a.y]).toEqual([inst.customers[0]!.x, inst.customers[0]!.y]);
    const planar = Math.hypot(a.x! - b.x!, a.y! - b.y!);
    expect(Math.abs(haversineKm(a, b) - planar)).toBeLessThan(planar * 0.01 + 0.01);
    expect(day.depots[0]!.location).toMatchObject({ x: inst.depot.x, y: inst.depot.y });
  });

  it('sends out the whole fleet line with the capacity, and every pick ready at the start of the day', () => {
    expect(day.vehicles).toHaveLength(inst.vehicles);
    for (const v of day.vehicles) expect(v.capacity.weightKg).toBe(inst.capacity);
    const picks = day.events.filter((e) => e.type === 'wms.pick.completed');
    expect(picks).toHaveLength(orders.length);
    for (const e of picks) expect(e.time).toBe('2027-03-01T00:00:00Z');
    const keys = day.events.map((e) => `${e.time} ${e.id}`);
    expect([...keys].sort()).toEqual(keys);
  });
});
