import { describe, expect, it } from 'vitest';
import { tinyOrder } from '../../../test/fixtures/tiny-day.ts';
import { openTinySandbox } from '../../../test/fixtures/tiny-sandbox.ts';

const T = { tenant: 'acme' };
const slot = (start: string, end: string) => ({ start: `2026-11-23T${start}:00Z`, end: `2026-11-23T${end}:00Z` });

describe('sandbox WMS', () => {
  it('gives a depot with its location and doors, and refuses an unknown one by name', async () => {
    const { ports } = await openTinySandbox();
    expect(await ports.wms.getDepot({ ...T, depotId: 'north' })).toMatchObject({ name: 'North', dockDoors: 2, location: { lat: 52.37 } });
    await expect(ports.wms.getDepot({ ...T, depotId: 'east' })).rejects.toThrow(/depotId: unknown depot 'east'/);
    expect((await ports.wms.listDepots(T)).map((d) => d.id)).toEqual(['north', 'south']);
    await expect(ports.wms.listDepots({ tenant: 'globex' })).rejects.toThrow(/tenant/);
  });

  it('counts only unlocked, unreserved stock as pickable', async () => {
    const { ports } = await openTinySandbox();
    const stock = await ports.wms.getPickableStock({ ...T, depotId: 'north', sku: 'milk' });
    expect(stock.bins.map((b) => [b.bin, b.onHand, b.countLocked])).toEqual([['A1', 10, false], ['A2', 5, true]]);
    expect(stock.pickable).toBe(10);
  });

  it('reserves what it can and reports the rest short', async () => {
    const { ports } = await openTinySandbox();
    const r = await ports.wms.reserve({ ...T, depotId: 'north', orderId: 'o-1', lines: [{ sku: 'milk', qty: 12 }, { sku: 'widget', qty: 3 }] });
    expect(r).toEqual({ reserved: [{ sku: 'milk', qty: 10 }, { sku: 'widget', qty: 3 }], short: [{ sku: 'milk', qty: 2 }] });
    expect((await ports.wms.getPickableStock({ ...T, depotId: 'north', sku: 'milk' })).pickable).toBe(0);
  });

  it('turns reservations into tasks; a pick decrements stock, and the last pick marks the order picked', async () => {
    const { ports } = await openTinySandbox();
    await ports.oms.allocate({ ...T, orderId: 'o-1' });
    const wave = await ports.wms.releaseWave({ ...T, depotId: 'north', orderIds: ['o-1'] });
    expect(wave.tasks).toEqual([expect.objectContaining({ sku: 'milk', bin: 'A1', qty: 4, status: 'open' })]);
    const task = await ports.wms.completePick({ ...T, taskId: wave.tasks[0]!.id, picked: 4 });
    expect(task.status).toBe('done');
    const bins = (await ports.wms.getPickableStock({ ...T, depotId: 'north', sku: 'milk' })).bins;
    expect(bins[0]).toMatchObject({ bin: 'A1', onHand: 6, reserved: 0 });
    expect((await ports.oms.getOrder({ ...T, orderId: 'o-1' })).status).toBe('picked');
    expect(await ports.wms.listTasks({ ...T, waveId: wave.waveId, status: 'done' })).toHaveLength(1);
    await expect(ports.wms.completePick({ ...T, taskId: task.id, picked: 4 })).rejects.toThrow(/already done/);
  });

  it('lists tasks by order, by wave and by status, each filter alone or together', async () => {
    const { ports } = await openTinySandbox();
    await ports.oms.createOrder({ order: tinyOrder('o-2') });
    await ports.oms.allocate({ ...T, orderId: 'o-1' });
    await ports.oms.allocate({ ...T, orderId: 'o-2' });
    const first = await ports.wms.releaseWave({ ...T, depotId: 'north', orderIds: ['o-1'] });
    const second = await ports.wms.releaseWave({ ...T, depotId: 'north', orderIds: ['o-2'] });
    await ports.wms.completePick({ ...T, taskId: first.tasks[0]!.id, picked: 4 });
    const ids = (tasks: { id: string }[]) => tasks.map((t) => t.id);
    expect(ids(await ports.wms.listTasks(T))).toEqual([...ids(first.tasks), ...ids(second.tasks)].sort());
    expect(ids(await ports.wms.listTasks({ ...T, orderId: 'o-2' }))).toEqual(ids(second.tasks));
    expect(ids(await ports.wms.listTasks({ ...T, waveId: first.waveId }))).toEqual(ids(first.tasks));
    expect(ids(await ports.wms.listTasks({ ...T, status: 'open' }))).toEqual(ids(second.tasks));
    expect(await ports.wms.listTasks({ ...T, orderId: 'o-1', status: 'open' })).toEqual([]);
  });

  it('a short pick writes the missing units off the bin', async () => {
    const { ports } = await openTinySandbox();
    await ports.oms.allocate({ ...T, orderId: 'o-1' });
    const { tasks } = await ports.wms.releaseWave({ ...T, depotId: 'north', orderIds: ['o-1'] });
    const task = await ports.wms.completePick({ ...T, taskId: tasks[0]!.id, picked: 1 });
    expect(task).toMatchObject({ status: 'short', picked: 1 });
    expect((await ports.wms.getPickableStock({ ...T, depotId: 'north', sku: 'milk' })).bins[0]).toMatchObject({ onHand: 6, reserved: 0 });
    await expect(ports.wms.completePick({ ...T, taskId: 'task-999999', picked: 1 })).rejects.toThrow(/taskId: unknown pick task/);
  });

  it('refuses a wave for an order with nothing reserved, and an over-pick', async () => {
    const { ports } = await openTinySandbox();
    await expect(ports.wms.releaseWave({ ...T, depotId: 'north', orderIds: ['o-1'] })).rejects.toThrow(/orderIds\.0: order 'o-1' has no unwaved reservation/);
    await ports.oms.allocate({ ...T, orderId: 'o-1' });
    const { tasks } = await ports.wms.releaseWave({ ...T, depotId: 'north', orderIds: ['o-1'] });
    await expect(ports.wms.completePick({ ...T, taskId: tasks[0]!.id, picked: 5 })).rejects.toThrow(/picked: must be at most the 4 units/);
  });

  it('books dock doors without overlap and refuses when all doors are taken', async () => {
    const { ports } = await openTinySandbox();
    const a = await ports.wms.bookDock({ ...T, depotId: 'north', vehicleId: 'v1', slot: slot('08:00', '08:30'), shipmentIds: ['s1'], idempotencyKey: 'dock-v1-0001' });
    const b = await ports.wms.bookDock({ ...T, depotId: 'north', vehicleId: 'v2', slot: slot('08:15', '08:45'), shipmentIds: ['s2'], idempotencyKey: 'dock-v2-0001' });
    expect([a.door, b.door]).toEqual([1, 2]);
    const again = await ports.wms.bookDock({ ...T, depotId: 'north', vehicleId: 'v1', slot: slot('08:00', '08:30'), shipmentIds: ['s1'], idempotencyKey: 'dock-v1-0001' });
    expect(again.id).toBe(a.id);
    await expect(ports.wms.bookDock({ ...T, depotId: 'north', vehicleId: 'v3', slot: slot('08:20', '08:40'), shipmentIds: [], idempotencyKey: 'dock-v3-0001' }))
      .rejects.toThrow(/slot: all 2 doors at north are booked/);
    await expect(ports.wms.bookDock({ ...T, depotId: 'north', door: 1, vehicleId: 'v3', slot: slot('08:10', '08:20'), shipmentIds: [], idempotencyKey: 'dock-v3-0002' }))
      .rejects.toThrow(/door: door 1 is booked .* by v1/);
    const doors = await ports.wms.getDockDoors({ ...T, depotId: 'north', window: slot('08:00', '09:00') });
    expect(doors).toMatchObject({ doors: 2, bookings: [{ door: 1 }, { door: 2 }] });
  });

  it("moves a booking to a new slot, keeping its door when free there, and refuses a door another van holds", async () => {
    const { ports } = await openTinySandbox();
    const a = await ports.wms.bookDock({ ...T, depotId: 'north', vehicleId: 'v1', slot: slot('08:00', '08:20'), shipmentIds: ['s1'], idempotencyKey: 'dock-v1-0001' });
    await ports.wms.bookDock({ ...T, depotId: 'north', vehicleId: 'v2', slot: slot('09:00', '09:20'), shipmentIds: ['s2'], idempotencyKey: 'dock-v2-0001' });
    const moved = await ports.wms.amendDock({ ...T, depotId: 'north', bookingId: a.id, slot: slot('08:10', '08:30'), shipmentIds: ['s1', 's3'], idempotencyKey: 'dock-v1-0002' });
    expect(moved).toMatchObject({ id: a.id, door: 1, vehicleId: 'v1', slot: slot('08:10', '08:30'), shipmentIds: ['s1', 's3'] });
    // Into v2's slot: v2 holds door 1 then, so the booking moves to door 2.
    const clash = await ports.wms.amendDock({ ...T, depotId: 'north', bookingId: a.id, slot: slot('09:05', '09:25'), shipmentIds: ['s1'], idempotencyKey: 'dock-v1-0003' });
    expect(clash.door).toBe(2);
    await expect(ports.wms.amendDock({ ...T, depotId: 'north', bookingId: a.id, door: 1, slot: slot('09:05', '09:25'), shipmentIds: ['s1'], idempotencyKey: 'dock-v1-0004' }))
      .rejects.toThrow(/door: door 1 is booked .* by v2/);
    await expect(ports.wms.amendDock({ ...T, depotId: 'north', bookingId: 'dock-nope', slot: slot('09:05', '09:25'), shipmentIds: [], idempotencyKey: 'dock-v1-0005' }))
      .rejects.toThrow(/bookingId/);
    const doors = await ports.wms.getDockDoors({ ...T, depotId: 'north', window: slot('06:00', '12:00') });
    expect(doors.bookings).toHaveLength(2);
  });

  it('restocks sellable returns into a pickable bin and damaged ones into quarantine, once', async () => {
    const { ports } = await openTinySandbox();
    const call = { ...T, depotId: 'north', orderId: 'o-1', lines: [{ sku: 'widget', qty: 2 }], idempotencyKey: 'ret-o-1-0001' };
    await ports.wms.restockReturn({ ...call, condition: 'sellable' });
    await ports.wms.restockReturn({ ...call, condition: 'sellable' });
    await ports.wms.restockReturn({ ...call, condition: 'damaged', idempotencyKey: 'ret-o-1-0002' });
    const stock = await ports.wms.getPickableStock({ ...T, depotId: 'north', sku: 'widget' });
    expect(stock.pickable).toBe(102);
    expect(stock.bins.map((b) => [b.bin, b.onHand])).toEqual([['B1', 100], ['QUARANTINE', 2], ['RETURNS', 2]]);
  });

  it('expects a return once per key, names a bad line, and marks it received when the goods are restocked', async () => {
    const { ports } = await openTinySandbox();
    const call = { ...T, depotId: 'north', orderId: 'o-1', lines: [{ sku: 'milk', qty: 4 }], reason: 'failed delivery: refused', expectedAt: '2026-11-23T15:00:00Z', idempotencyKey: 'rma-o-1-0001' };
    const first = await ports.wms.expectReturn(call);
    expect(await ports.wms.expectReturn(call)).toEqual(first);
    await expect(ports.wms.expectReturn({ ...call, lines: [{ sku: 'cheese', qty: 1 }], idempotencyKey: 'rma-o-1-0002' })).rejects.toThrow(/lines\.0\.sku: unknown SKU 'cheese'/);
    expect(await ports.wms.listExpectedReturns({ ...T, status: 'expected' })).toEqual([first]);
    await ports.wms.restockReturn({ ...T, depotId: 'north', orderId: 'o-1', lines: [{ sku: 'milk', qty: 4 }], condition: 'sellable', idempotencyKey: 'ret-o-1-0001' });
    expect(await ports.wms.listExpectedReturns({ ...T, orderId: 'o-1' })).toEqual([{ ...first, status: 'received' }]);
  });

  it('a transfer takes stock out of the source now and shows it in transit to the destination', async () => {
    const { ports } = await openTinySandbox();
    const t = await ports.wms.createTransfer({ ...T, fromDepotId: 'south', toDepotId: 'north', sku: 'widget', qty: 20, idempotencyKey: 'trf-widget-01' });
    expect(t.eta > '2026-11-23T09:00:00Z').toBe(true);
    expect((await ports.wms.getPickableStock({ ...T, depotId: 'south', sku: 'widget' })).pickable).toBe(30);
    expect(await ports.erp.getInTransit({ ...T, sku: 'widget', toDepotId: 'north' })).toEqual([t]);
    await expect(ports.wms.createTransfer({ ...T, fromDepotId: 'south', toDepotId: 'north', sku: 'widget', qty: 31, idempotencyKey: 'trf-widget-02' }))
      .rejects.toThrow(/qty: only 30 of widget can be picked at south/);
  });
});

describe('sandbox OMS', () => {
  it('takes an order in once and refuses one for an unknown customer or SKU', async () => {
    const { ports } = await openTinySandbox();
    await expect(ports.oms.createOrder({ order: tinyOrder('o-1') })).rejects.toThrow(/order\.id: order 'o-1' already exists/);
    await expect(ports.oms.createOrder({ order: tinyOrder('o-2', { customerId: 'nobody' }) })).rejects.toThrow(/order\.customerId: unknown customer/);
    await expect(ports.oms.createOrder({ order: tinyOrder('o-3', { lines: [{ lineNo: 1, sku: 'gold', qty: 1 }] }) })).rejects.toThrow(/order\.lines\.0\.sku: unknown SKU 'gold'/);
    await expect(ports.oms.createOrder({ order: tinyOrder('o-4', { lines: [{ lineNo: 1, sku: 'milk', qty: -1 }] }) })).rejects.toThrow(/order\.lines\.0\.qty: must be more than zero/);
    expect((await ports.oms.listOrders({ ...T })).orders.map((o) => o.id)).toEqual(['o-1']);
  });

  it('allocates fully when stock allows, partially otherwise, and does not double-reserve on a retry', async () => {
    const { ports } = await openTinySandbox([tinyOrder('o-1'), tinyOrder('o-big', { lines: [{ lineNo: 1, sku: 'milk', qty: 9 }] })]);
    expect(await ports.oms.allocate({ ...T, orderId: 'o-1' })).toMatchObject({ complete: true, lines: [{ allocated: 4 }] });
    expect(await ports.oms.allocate({ ...T, orderId: 'o-1' })).toMatchObject({ complete: true, lines: [{ allocated: 4 }] });
    const big = await ports.oms.allocate({ ...T, orderId: 'o-big' });
    expect(big).toMatchObject({ complete: false, lines: [{ qty: 9, allocated: 6 }] });
    expect((await ports.oms.getOrder({ ...T, orderId: 'o-1' })).status).toBe('allocated');
    expect((await ports.oms.getOrder({ ...T, orderId: 'o-big' })).status).toBe('created');
  });

  it('substitutes only allowed SKUs, with their pickable stock', async () => {
    const { ports } = await openTinySandbox();
    expect(await ports.oms.getSubstitutes({ ...T, sku: 'milk', depotId: 'north' })).toEqual([{ sku: 'milk-b', rank: 1, pickable: 20 }]);
    const order = await ports.oms.substitute({ ...T, orderId: 'o-1', lineNo: 1, sku: 'milk-b' });
    expect(order.lines[0]?.sku).toBe('milk-b');
    await expect(ports.oms.substitute({ ...T, orderId: 'o-1', lineNo: 1, sku: 'widget' })).rejects.toThrow(/sku: 'widget' is not an allowed substitute for 'milk-b'/);
    await expect(ports.oms.substitute({ ...T, orderId: 'o-1', lineNo: 7, sku: 'milk' })).rejects.toThrow(/lineNo: unknown order line '7'/);
  });

  it('holds and releases an order, and an order on hold is not allocated', async () => {
    const { ports } = await openTinySandbox();
    expect((await ports.oms.setHold({ ...T, orderId: 'o-1', hold: true, reason: 'address check' })).status).toBe('held');
    await expect(ports.oms.allocate({ ...T, orderId: 'o-1' })).rejects.toThrow(/orderId: order 'o-1' is on hold/);
    const released = await ports.oms.setHold({ ...T, orderId: 'o-1', hold: false, reason: 'address confirmed' });
    expect(released.status).toBe('released');
    expect(released.notes).toBe('held: address check\nreleased: address confirmed');
    await expect(ports.oms.setHold({ ...T, orderId: 'o-1', hold: false, reason: 'again' })).rejects.toThrow(/is released, not held/);
  });

  it('sets a promise date', async () => {
    const { ports } = await openTinySandbox();
    await ports.oms.setPromise({ ...T, orderId: 'o-1', promisedBy: '2026-11-24T12:00:00Z', reason: 'backorder' });
    expect((await ports.oms.getOrder({ ...T, orderId: 'o-1' })).promisedBy).toBe('2026-11-24T12:00:00Z');
    await expect(ports.oms.setPromise({ ...T, orderId: 'o-1', promisedBy: 'tomorrow', reason: 'x' })).rejects.toThrow(/promisedBy: must be an ISO-8601/);
  });
});
