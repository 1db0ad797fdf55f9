/** KPIs from a hand-made run record: on time, lateness, first attempts, cost parts, reverse flow and the history column. */
import { describe, expect, it } from 'vitest';
import { type MarshalEvent, parseEvent } from '../../domain/index.ts';
import type { Dataset, DatasetOrder } from '../dataset/index.ts';
import { replayDayOf } from '../replay/day.ts';
import type { RunRecord } from '../replay/record.ts';
import { computeKpis } from './compute.ts';
import { historicalKpis } from './historical.ts';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const loc = { lat: 52.37, lon: 4.9 };
const order = (id: string, window: [string, string], extra: Partial<DatasetOrder> = {}): DatasetOrder => ({
  id, tenant: 'acme', customerId: `cus-${id}`, depotId: 'dc-1', createdAt: '2026-11-23T05:00:00Z', readyAt: '2026-11-23T06:00:00Z',
  location: loc, load: { weightKg: 100, volumeM3: 1, pallets: 0 }, windows: [{ start: `2026-11-23T${window[0]}:00Z`, end: `2026-11-23T${window[1]}:00Z` }],
  serviceSeconds: 300, slaTier: 'standard', channel: 'b2b', value: eur(1000), ...extra,
});
const dataset: Dataset = {
  manifest: { format: 'marshal.dataset/1', name: 't', date: '2026-11-23', tenants: [{ id: 'acme', name: 'Acme', currency: 'EUR', timezone: 'UTC' }] },
  depots: [{ id: 'dc-1', tenant: 'acme', name: 'DC', location: loc, opensAt: '05:00', closesAt: '22:00', dockDoors: 1 }],
  vehicles: [{
    id: 'veh-1', tenant: 'acme', depotId: 'dc-1', name: 'v', kind: 'van', capacity: { weightKg: 1000, volumeM3: 10, pallets: 2 }, skills: [],
    shift: { start: '2026-11-23T06:00:00Z', end: '2026-11-23T16:00:00Z' }, fixedCost: eur(5000), costPerKm: eur(50), costPerHour: eur(3000), speedFactor: 1, status: 'in_service',
  }],
  carriers: [],
  orders: [
    order('o-1', ['08:00', '10:00'], { outcome: { deliveredAt: '2026-11-23T09:00:00Z', attempts: 1, cost: eur(2000) } }),
    order('o-2', ['08:00', '10:00'], { slaTier: 'critical', outcome: { deliveredAt: '2026-11-23T11:00:00Z', attempts: 2, cost: eur(3000) } }),
    order('o-3', ['12:00', '14:00']),
    { ...order('o-4', ['08:00', '10:00']), windows: [{ start: '2026-11-24T08:00:00Z', end: '2026-11-24T10:00:00Z' }] },
  ],
  disruptions: [],
};
const ev = (type: string, time: string, data: object, id: string): MarshalEvent =>
  parseEvent({ specversion: '1.0', id, source: '/test', type, time, subject: 's', tenant: 'acme', data });
const lines = [{ sku: 'sku-replay', qty: 1 }];
const record: RunRecord = {
  strategy: 'test',
  failedEvents: [],
  outcomes: [
    ev('driver.pod.captured', '2026-11-23T09:00:00Z', { shipmentId: 'shp-o-1', orderId: 'o-1', vehicleId: 'veh-1', deliveredAt: '2026-11-23T09:00:00Z', signedBy: 'x', lines }, 'e1'),
    ev('driver.delivery.failed', '2026-11-23T09:30:00Z', { shipmentId: 'shp-o-2', orderId: 'o-2', vehicleId: 'veh-1', at: '2026-11-23T09:30:00Z', reasonCode: 'not_home' }, 'e2'),
    ev('driver.pod.captured', '2026-11-23T10:30:00Z', { shipmentId: 'shp-o-2', orderId: 'o-2', vehicleId: 'veh-1', deliveredAt: '2026-11-23T10:30:00Z', signedBy: 'x', lines }, 'e3'),
    ev('driver.return.initiated', '2026-11-23T12:00:00Z', { orderId: 'o-3', shipmentId: 'shp-o-3', depotId: 'dc-1', lines, reason: 'failed_delivery' }, 'e4'),
  ],
  odometers: { 'veh-1': { metres: 40_000, secondsOut: 7200 } },
  carrierCharges: { 'shp-o-9': { carrierId: 'car-1', amountMinor: 1234 } },
  decisions: [
    { seq: 2, at: '2026-11-23T09:31:00Z', agent: 'customer', kind: 'delivery.reschedule', level: 'L2', outcome: 'executed', orderId: 'o-2', trigger: 'driver.delivery.failed' },
    { seq: 3, at: '2026-11-23T12:10:00Z', agent: 'settlement', kind: 'return.restock', level: 'L3', outcome: 'executed', orderId: 'o-2', trigger: 'driver.return.initiated' },
    { seq: 4, at: '2026-11-23T12:20:00Z', agent: 'dispatch', kind: 'route.assign', level: 'L1', outcome: 'queued', orderId: 'o-3', trigger: 'wms.pick.completed' },
    { seq: 5, at: '2026-11-23T12:30:00Z', agent: 'customer', kind: 'delivery.reschedule', level: 'L2', outcome: 'executed', orderId: 'o-3', trigger: 'carrier.tender.rejected' },
  ],
  reviews: { pending: 1 }, orderStatus: {}, unassignedAtEnd: ['shp-o-3'], planVersions: 3, events: 10, head: { seq: 4, hash: 'h' },
  timing: { wallMs: 1, decisionLatenciesMs: [], ingestMs: 0, byType: {} },
};

describe('computeKpis', () => {
  const k = computeKpis(replayDayOf(dataset, 1), record);

  it('counts only orders due today, and undelivered ones as late', () => {
    expect(k.orders).toEqual({ total: 4, dueToday: 3, dueLater: 1 });
    expect(k.delivered).toBe(2);
    expect(k.onTimePct).toBe(33.33);
    expect(k.lateMinutes).toBe(25); // o-2: POD at 10:30 after 5 min of service, so served from 10:25, the window closed at 10:00
    expect(k.firstAttemptPct).toBe(50);
    expect(k.slaBreaches).toEqual({ critical: 1, priority: 0, standard: 1, economy: 0 });
  });

  it('prices the fleet by its odometer and adds carrier charges', () => {
    expect(k.cost).toMatchObject({ fixedMinor: 5000, distanceMinor: 2000, timeMinor: 6000, carrierMinor: 1234, totalMinor: 14_234, perDeliveryMinor: 7117 });
    expect(k.utilisation).toEqual({ loadPct: 20, shiftPct: 20 });
  });

  it('follows the reverse flow and counts decisions', () => {
    // o-3's reschedule is no reverse flow: no van and no carrier could take it, so it moved to a later day.
    expect(k.reverse).toMatchObject({ failedAttempts: 1, reschedules: 1, returns: 1, restocks: 1, returnToStockMinutes: { count: 1, mean: 160, max: 160 } });
    expect(k.movedToLaterDay).toBe(1);
    expect(k.decisions.byLevelOutcome).toEqual({ 'L1 queued': 1, 'L2 executed': 2, 'L3 executed': 1 });
  });
});

describe('historicalKpis', () => {
  it('reads the outcome columns of the due orders that have them', () => {
    expect(historicalKpis(dataset)).toEqual({
      currency: 'EUR', ordersWithOutcome: 2, delivered: 2, onTimePct: 50, firstAttemptPct: 50, lateMinutes: 60, costTotalMinor: 5000, costPerDeliveryMinor: 2500,
    });
    expect(historicalKpis({ ...dataset, orders: dataset.orders.map(({ outcome: _o, ...o }) => o) })).toBeUndefined();
  });
});
