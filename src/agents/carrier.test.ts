import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../test/fixtures/tiny-day.ts';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { openDispatchRuntime } from '../../test/fixtures/tiny-dispatch.ts';
import { dispatchAgent } from './dispatch.ts';
import type { Quote } from '../connectors/index.ts';
import { parseEvent, type Shipment } from '../domain/index.ts';
import { queryDecisions } from '../ledger/index.ts';
import { carrierAgent } from './carrier.ts';
import { rankQuotes } from './carrier-choice.ts';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const T = { tenant: 'acme' };

function shipment(id: string, orderId: string): Shipment {
  return {
    id, tenant: 'acme', orderIds: [orderId], depotId: 'north', customerId: 'c-shop', destination: { lat: 52.4, lon: 4.95 },
    windows: [{ start: '2026-11-23T10:00:00Z', end: '2026-11-23T12:00:00Z' }], serviceSeconds: 300, load: { weightKg: 40, volumeM3: 0.1, pallets: 0.2 },
    readyAt: '2026-11-23T09:00:00Z', requiredSkills: [], status: 'ready',
  };
}

describe('carrier choice', () => {
  const q = (carrierId: string, amount: number, onTimeRate: number): Quote => ({ carrierId, laneId: `${carrierId}-l`, amount: eur(amount), transitSeconds: 3600, onTimeRate });
  const none = (carrierId: string) => ({ carrierId, delivered: 0, onTime: 0, exceptions: {} });
  const quotes = [q('cheap', 1000, 0.8), q('mid', 1500, 0.9), q('best', 3000, 0.98)];

  it('sends SLA-critical work to the best on-time record, the rest to the cheapest reliable carrier', () => {
    expect(rankQuotes(quotes, none, 'critical', new Set()).map((r) => r.carrierId)).toEqual(['best', 'mid', 'cheap']);
    expect(rankQuotes(quotes, none, 'standard', new Set()).map((r) => r.carrierId)).toEqual(['mid', 'best', 'cheap']);
    expect(rankQuotes(quotes, none, 'standard', new Set(['mid'])).map((r) => r.carrierId)).toEqual(['best', 'cheap']);
  });

  it('puts a carrier whose lane transit misses the last window behind every one that makes it', () => {
    const slow = { ...q('slow-cheap', 500, 0.99), transitSeconds: 8 * 3600 };
    const deadline = { pickupAt: Date.parse('2026-11-23T09:00:00Z') / 1000, latest: Date.parse('2026-11-23T12:00:00Z') / 1000 };
    expect(rankQuotes([slow, ...quotes], none, 'standard', new Set(), deadline).map((r) => r.carrierId)).toEqual(['mid', 'best', 'cheap', 'slow-cheap']);
    expect(rankQuotes([slow, ...quotes], none, 'critical', new Set(), deadline)[0]!.carrierId).toBe('best');
    // With no deadline known, transit does not count.
    expect(rankQuotes([slow, ...quotes], none, 'standard', new Set())[0]!.carrierId).toBe('slow-cheap');
  });

  it('what Marshal saw tempers a carrier\'s own record', () => {
    const seen = (id: string) => (id === 'mid' ? { carrierId: id, delivered: 20, onTime: 10, exceptions: {} } : none(id));
    expect(rankQuotes(quotes, seen, 'standard', new Set()).map((r) => r.carrierId)).toEqual(['best', 'cheap', 'mid']);
  });
});

describe('Carrier agent', () => {
  it('re-tenders a rejected shipment to the next carrier on the lane, and the carrier accepts it', async () => {
    const rt = await openTinyRuntime({ carrier: carrierAgent });
    await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
    rt.store.shipments.put(shipment('shp-1', 'o-1'));
    const rejected = await rt.ports.carrier.tender({ ...T, carrierId: 'slowco', shipmentId: 'shp-1', depotId: 'north', zone: 'N1', weightKg: 40, amount: eur(2000), pickupAt: '2026-11-23T09:00:00Z', idempotencyKey: 'tender-shp-1-a' });
    expect(rejected.status).toBe('rejected');
    rt.send('carrier.tender.rejected', { tenderId: rejected.id, carrierId: 'slowco', shipmentId: 'shp-1', reason: rejected.reason });
    await rt.runner.drain();
    const [entry] = queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-1', kind: 'carrier.tender' }).entries;
    expect(entry).toMatchObject({ outcome: 'executed', level: 'L2', proposal: { payload: { carrierId: 'fastco' } } });
    expect(entry!.explanation.constraints).toContain('already tried: slowco');
    expect(entry!.explanation.constraints.join('\n')).toMatch(/in transit: arrives by 2026-11-23T\d\d:\d\d:\d\dZ; last window ends /);
    expect(await rt.ports.carrier.getStatus({ ...T, shipmentId: 'shp-1' })).toMatchObject({ carrierId: 'fastco', status: 'booked' });
  });

  it('tenders what no van can take once: running again for the same pick (a pass after an approval) books nobody twice', async () => {
    const rt = await openDispatchRuntime({ dispatch: dispatchAgent, carrier: carrierAgent });
    // 12 m³: more than a van holds (10 m³); carriers quote on weight. Picked at 11:00, no carrier arrives before the
    // window closes at 12:00, so the tender waits for a dispatcher's review and the shipment stays ready meanwhile.
    const load = { weightKg: 500, volumeM3: 12, pallets: 1 };
    await rt.pick('o-1', { completedAt: '11:00', load });
    await rt.runner.drain();
    const tenders = () => queryDecisions(rt.store.db, { ...T, shipmentId: 'shp-o-1', kind: 'carrier.tender' }).entries;
    expect(tenders().map((e) => `${e.proposal?.payload.carrierId}:${e.outcome}`)).toEqual(['fastco:queued']);
    expect(rt.store.shipments.get('acme', 'shp-o-1')!.status).toBe('ready');
    const pick = parseEvent({ specversion: '1.0', id: 'evt-1', source: '/test', type: 'wms.pick.completed', time: '2026-11-23T08:00:00Z', tenant: 'acme',
      data: { orderId: 'o-1', shipmentId: 'shp-o-1', depotId: 'north', load, completedAt: '2026-11-23T11:00:00Z' } });
    expect((await carrierAgent.onEvent(pick, rt)).proposals).toEqual([]);
  });

  it('scores the carrier of a delivery: a late POD and a failed attempt count against it', async () => {
    const rt = await openTinyRuntime({ carrier: carrierAgent });
    await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
    await rt.ports.carrier.tender({ ...T, carrierId: 'fastco', shipmentId: 'shp-1', depotId: 'north', zone: 'N1', weightKg: 4, amount: eur(2000), pickupAt: '2026-11-23T09:00:00Z', idempotencyKey: 'tender-shp-1-a' });
    rt.send('driver.delivery.failed', { shipmentId: 'shp-1', orderId: 'o-1', at: '2026-11-23T10:30:00Z', reasonCode: 'not_home' });
    rt.send('driver.pod.captured', { shipmentId: 'shp-1', orderId: 'o-1', deliveredAt: '2026-11-23T13:00:00Z', signedBy: 'A' });
    await rt.runner.drain();
    expect(rt.store.carrierScores.get('acme', 'fastco')).toEqual({ carrierId: 'fastco', delivered: 1, onTime: 0, exceptions: { not_home: 1 } });
  });

  it('scores nobody for an own-fleet delivery', async () => {
    const rt = await openTinyRuntime({ carrier: carrierAgent });
    await rt.ports.oms.createOrder({ order: tinyOrder('o-1') });
    rt.send('driver.pod.captured', { shipmentId: 'shp-1', orderId: 'o-1', deliveredAt: '2026-11-23T11:00:00Z', signedBy: 'A' });
    await rt.runner.drain();
    expect(queryDecisions(rt.store.db, T).entries.filter((e) => e.kind === 'carrier.score')).toEqual([]);
  });
});
