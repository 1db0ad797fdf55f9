import { describe, expect, it } from 'vitest';
import { tinyDay } from '../../test/fixtures/tiny-day.ts';
import { snapshot, openToolWorld, tinyPlan } from './test-world.ts';

const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;

describe('read tools return what the sandbox and the store hold', () => {
  it('get_order: the OMS order, the ERP customer and terms, and the SLA measured from now', async () => {
    const { tools, ports } = await openToolWorld();
    const view = await tools.get_order.invoke({ orderId: 'o-1' });
    expect(view.order).toEqual(await ports.oms.getOrder({ tenant: 'acme', orderId: 'o-1' }));
    expect(view.customer).toEqual(await ports.erp.getCustomer({ tenant: 'acme', customerId: 'c-shop' }));
    expect(view.terms).toMatchObject({ customerId: 'c-shop', creditLimit: { amountMinor: 100_000 }, onHold: false });
    // The clock stands at 08:00 and the window ends at 12:00.
    expect(view.sla).toEqual({ tier: 'standard', windows: [{ start: at('10:00'), end: at('12:00') }], promisedBy: null, secondsToWindowEnd: 4 * 3600 });
  });

  it('get_order_atp: book stock, pickable, locked and in-transit per line', async () => {
    const { tools } = await openToolWorld();
    const atp = await tools.get_order_atp.invoke({ orderId: 'o-2' });
    expect(atp).toEqual({
      orderId: 'o-2', depotId: 'north', allPickable: false,
      lines: [
        { sku: 'milk', ordered: 40, bookStock: 15, pickable: 10, locked: 5, inTransit: 30, arrivesBy: at('12:00'), short: 30 },
        { sku: 'widget', ordered: 2, bookStock: 100, pickable: 100, locked: 0, inTransit: 0, arrivesBy: null, short: 0 },
      ],
    });
  });

  it('get_sku_stock: a SKU in every depot that books it or expects it', async () => {
    const { tools } = await openToolWorld();
    expect(await tools.get_sku_stock.invoke({ sku: 'widget' })).toEqual({
      sku: 'widget', depots: [{ depotId: 'north', bookStock: 100, pickable: 100, inTransit: 0, arrivesBy: null }, { depotId: 'south', bookStock: 50, pickable: 50, inTransit: 0, arrivesBy: null }],
    });
    expect((await tools.get_sku_stock.invoke({ sku: 'milk' })).depots).toEqual([{ depotId: 'north', bookStock: 15, pickable: 10, inTransit: 30, arrivesBy: at('12:00') }]);
  });

  it('get_vehicle_status: the dispatch record, the telematics position and the planned route', async () => {
    const { tools, ports } = await openToolWorld();
    const status = await tools.get_vehicle_status.invoke({ vehicleId: 'v1' });
    expect(status.vehicle).toEqual(tinyDay().vehicles[0]);
    expect(status.position).toEqual(await ports.telematics.getVehicle({ tenant: 'acme', vehicleId: 'v1' }));
    expect(status.route).toEqual(tinyPlan().routes[0]);
    expect(status.planVersion).toBe(1);
    expect((await tools.get_vehicle_status.invoke({ vehicleId: 'v2' })).route).toBeNull();
  });

  it('get_current_plan: the whole plan, or one vehicle\'s route', async () => {
    const { tools, store } = await openToolWorld();
    expect((await tools.get_current_plan.invoke({})).plan).toEqual(store.plans.current('acme'));
    expect((await tools.get_current_plan.invoke({ vehicleId: 'v2' })).plan).toMatchObject({ version: 1, routes: [], unassigned: [{ shipmentId: 'shp-2' }] });
  });

  it('get_etas: by shipment, by vehicle, or all, with lateness against the window', async () => {
    const { tools } = await openToolWorld();
    const one = await tools.get_etas.invoke({ shipmentId: 'shp-1' });
    expect(one).toEqual({ more: false, etas: [expect.objectContaining({ shipmentId: 'shp-1', vehicleId: 'v1', eta: at('12:15'), lateBySeconds: 900 })] });
    expect((await tools.get_etas.invoke({ vehicleId: 'v2' })).etas.map((e) => [e.shipmentId, e.lateBySeconds])).toEqual([['shp-3', 0]]);
    expect(await tools.get_etas.invoke({ limit: 1 })).toMatchObject({ more: true, etas: [{ shipmentId: 'shp-1' }] });
    expect((await tools.get_etas.invoke({ shipmentId: 'shp-404' })).etas).toEqual([]);
  });

  it('get_carrier_quotes: rate-card quotes, cheapest first, with what Marshal observed', async () => {
    const { tools, ports } = await openToolWorld();
    const input = { depotId: 'north', zone: 'N1', weightKg: 100, distanceM: 20_000 };
    const { quotes } = await tools.get_carrier_quotes.invoke(input);
    const raw = await ports.carrier.quote({ tenant: 'acme', ...input });
    expect(quotes.map(({ observed: _, ...q }) => q)).toEqual(raw);
    expect(quotes.map((q) => [q.carrierId, q.observed])).toEqual([
      ['fastco', { delivered: 1, onTime: 1, onTimeRate: 1, exceptions: { not_home: 1 } }],
      ['slowco', { delivered: 0, onTime: 0, onTimeRate: null, exceptions: {} }],
    ]);
  });

  it('get_dock_availability: bookings overlapping the window and the doors left', async () => {
    const { tools } = await openToolWorld();
    const busy = await tools.get_dock_availability.invoke({ depotId: 'north', window: { start: at('10:15'), end: at('11:00') } });
    expect(busy).toMatchObject({ depotId: 'north', doors: 2, freeDoors: [2], bookings: [{ door: 1, vehicleId: 'v1' }] });
    expect((await tools.get_dock_availability.invoke({ depotId: 'north', window: { start: at('11:00'), end: at('12:00') } })).freeDoors).toEqual([1, 2]);
  });

  it('get_carrier_invoices and get_erp_postings: what carriers billed and what the ERP booked', async () => {
    const { tools, invoice, ports } = await openToolWorld();
    expect(invoice).toBeDefined();
    expect((await tools.get_carrier_invoices.invoke({ invoiceId: invoice!.id })).invoices).toEqual([invoice]);
    expect((await tools.get_carrier_invoices.invoke({ carrierId: 'fastco', status: 'received' })).invoices).toEqual([invoice]);
    expect((await tools.get_carrier_invoices.invoke({ carrierId: 'slowco' })).invoices).toEqual([]);
    const { postings } = await tools.get_erp_postings.invoke({ orderId: 'o-1' });
    expect(postings).toEqual(await ports.erp.listPostings({ tenant: 'acme', orderId: 'o-1' }));
    expect(postings.map((p) => p.body.type)).toEqual(['customer_invoice']);
  });

  it('change nothing in the world or the store', async () => {
    const { tools, sandbox, store, invoice } = await openToolWorld();
    const before = [snapshot(sandbox.world.db), snapshot(store.db)];
    await tools.get_order.invoke({ orderId: 'o-2' });
    await tools.get_order_atp.invoke({ orderId: 'o-2' });
    await tools.get_sku_stock.invoke({ sku: 'milk' });
    await tools.get_vehicle_status.invoke({ vehicleId: 'v1' });
    await tools.get_current_plan.invoke({});
    await tools.get_etas.invoke({});
    await tools.get_carrier_quotes.invoke({ depotId: 'north', zone: 'N1', weightKg: 10, distanceM: 1000 });
    await tools.get_dock_availability.invoke({ depotId: 'north', window: { start: at('09:00'), end: at('18:00') } });
    await tools.get_carrier_invoices.invoke({ invoiceId: invoice!.id });
    await tools.get_erp_postings.invoke({});
    expect([snapshot(sandbox.world.db), snapshot(store.db)]).toEqual(before);
  });
});

describe('bad input', () => {
  it('names the field that is wrong', async () => {
    const { tools } = await openToolWorld();
    await expect(tools.get_order.invoke({ orderId: '' })).rejects.toThrow(/did not match expected schema[\s\S]*orderId/);
    await expect(tools.get_carrier_quotes.invoke({ depotId: 'north', zone: 'N1', weightKg: -1, distanceM: 5 })).rejects.toThrow(/weightKg/);
    // @ts-expect-error: a missing field, as a model might send it
    await expect(tools.get_dock_availability.invoke({ depotId: 'north' })).rejects.toThrow(/window/);
  });

  it('an unknown id is the port\'s not-found error, naming the field', async () => {
    const { tools } = await openToolWorld();
    await expect(tools.get_order.invoke({ orderId: 'o-404' })).rejects.toThrow(/orderId: unknown order 'o-404'/);
    await expect(tools.get_vehicle_status.invoke({ vehicleId: 'v9' })).rejects.toThrow(/vehicleId: unknown vehicle 'v9'/);
  });
});
