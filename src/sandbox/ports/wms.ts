/** The sandbox WMS: bins with cycle-count locks, reservations, waves, picks, dock doors, returns and transfers. */
import { ConflictError, InputError, NotFoundError, StockLevel, toEpochSeconds, toIso } from '../../domain/index.ts';
import { type DockBooking, ExpectedReturn, guardPort, type PickTask, wmsContract, type WmsPort } from '../../connectors/index.ts';
import { requireDepot, requireOrder, requireSku, saveOrder } from '../world/records.ts';
import { pickableQty, putQty, reserveQty, takeQty } from '../world/stock.ts';
import type { World } from '../world/world.ts';
import { inTransitFromRow } from './erp.ts';
import { travelSecondsBetween } from './travel.ts';
import { statement } from '../../store/index.ts';

type Row = Record<string, string | number | null>;

const taskFromRow = (r: Row): PickTask => ({
  id: String(r.id), waveId: String(r.wave_id), orderId: String(r.order_id), depotId: String(r.depot_id), sku: String(r.sku),
  bin: String(r.bin), qty: Number(r.qty), picked: Number(r.picked), status: r.status as PickTask['status'],
  ...(r.completed_at ? { completedAt: String(r.completed_at) } : {}),
});

const bookingFromRow = (r: Row): DockBooking => ({
  id: String(r.id), depotId: String(r.depot_id), door: Number(r.door), vehicleId: String(r.vehicle_id),
  slot: { start: String(r.slot_start), end: String(r.slot_end) }, shipmentIds: JSON.parse(String(r.shipment_ids)) as string[],
});

/** The WMS port over a sandbox world. */
export function sandboxWms(world: World): WmsPort {
  const db = world.db;

  function overlapping(tenant: string, depotId: string, start: string, end: string): DockBooking[] {
    const rows = statement(db, 'SELECT * FROM dock_bookings WHERE tenant = ? AND depot_id = ? AND slot_start < ? AND slot_end > ? ORDER BY door, slot_start')
      .all(tenant, depotId, end, start) as Row[];
    return rows.map(bookingFromRow);
  }

  const saveExpected = (tenant: string, r: ExpectedReturn) =>
    statement(db, 'UPDATE expected_returns SET status = ?, doc = ? WHERE tenant = ? AND id = ?').run(r.status, JSON.stringify(r), tenant, r.id);
  return guardPort('wms', wmsContract, {
    getDepot: ({ tenant, depotId }) => requireDepot(world, tenant, depotId),
    listDepots({ tenant }) {
      world.requireTenant(tenant);
      const rows = statement(db, 'SELECT id FROM depots WHERE tenant = ? ORDER BY id').all(tenant) as { id: string }[];
      return rows.map((r) => requireDepot(world, tenant, r.id));
    },
    getPickableStock({ tenant, depotId, sku }) {
      requireDepot(world, tenant, depotId);
      requireSku(world, tenant, sku);
      const rows = statement(db, 'SELECT * FROM stock WHERE tenant = ? AND depot_id = ? AND sku = ? ORDER BY bin').all(tenant, depotId, sku) as Row[];
      const bins = rows.map((r) => StockLevel.parse({
        tenant, depotId, sku, bin: r.bin, onHand: r.on_hand, reserved: r.reserved, countLocked: r.count_locked === 1,
      }));
      return { bins, pickable: pickableQty(world, tenant, depotId, sku) };
    },
    reserve({ tenant, depotId, orderId, lines }) {
      requireDepot(world, tenant, depotId);
      requireOrder(world, tenant, orderId);
      lines.forEach((l, i) => requireSku(world, tenant, l.sku, `lines.${i}.sku`));
      return db.transaction(() => {
        const reserved: { sku: string; qty: number }[] = [];
        const short: { sku: string; qty: number }[] = [];
        for (const line of lines) {
          const got = reserveQty(world, tenant, depotId, orderId, line.sku, line.qty);
          if (got > 0) reserved.push({ sku: line.sku, qty: got });
          if (got < line.qty) short.push({ sku: line.sku, qty: line.qty - got });
        }
        return { reserved, short };
      })();
    },
    releaseWave({ tenant, depotId, orderIds }) {
      requireDepot(world, tenant, depotId);
      return db.transaction(() => {
        const waveId = world.nextId('wave');
        const tasks: PickTask[] = [];
        orderIds.forEach((orderId, i) => {
          requireOrder(world, tenant, orderId, `orderIds.${i}`);
          const rows = statement(db, 'SELECT * FROM reservations WHERE tenant = ? AND order_id = ? AND depot_id = ? AND wave_id IS NULL ORDER BY sku, bin')
            .all(tenant, orderId, depotId) as Row[];
          if (rows.length === 0) {
            throw new ConflictError('nothing_reserved', `orderIds.${i}`, `order '${orderId}' has no unwaved reservation at ${depotId}`);
          }
          for (const r of rows) {
            const task: PickTask = {
              id: world.nextId('task'), waveId, orderId, depotId, sku: String(r.sku), bin: String(r.bin), qty: Number(r.qty), picked: 0, status: 'open',
            };
            statement(
              db,
              "INSERT INTO tasks (tenant, id, wave_id, order_id, depot_id, sku, bin, qty, picked, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'open')",
            ).run(tenant, task.id, waveId, orderId, depotId, task.sku, task.bin, task.qty);
            tasks.push(task);
          }
          statement(db, 'UPDATE reservations SET wave_id = ? WHERE tenant = ? AND order_id = ? AND depot_id = ? AND wave_id IS NULL')
            .run(waveId, tenant, orderId, depotId);
        });
        return { waveId, tasks };
      })();
    },
    listTasks({ tenant, waveId, orderId, status }) {
      world.requireTenant(tenant);
      // Only the filters given go into the SQL, so SQLite can take an order's or a wave's tasks from their index.
      const filters = ([['wave_id', waveId], ['order_id', orderId], ['status', status]] as const).filter(([, v]) => v !== undefined);
      const sql = `SELECT * FROM tasks WHERE tenant = ?${filters.map(([c]) => ` AND ${c} = ?`).join('')} ORDER BY id`;
      const rows = statement(db, sql).all(tenant, ...filters.map(([, v]) => v)) as Row[];
      return rows.map(taskFromRow);
    },
    completePick({ tenant, taskId, picked }) {
      world.requireTenant(tenant);
      return db.transaction(() => {
        const row = statement(db, 'SELECT * FROM tasks WHERE tenant = ? AND id = ?').get(tenant, taskId) as Row | undefined;
        if (!row) throw new NotFoundError('taskId', taskId, 'pick task');
        const task = taskFromRow(row);
        if (task.status !== 'open') throw new ConflictError('task_closed', 'taskId', `task '${taskId}' is already ${task.status}`);
        if (picked > task.qty) throw new InputError('over_pick', [{ path: 'picked', reason: `must be at most the ${task.qty} units asked` }]);
        // A short pick means the bin held less than the books said: the missing units are written off with it.
        const leaves = picked < task.qty ? task.qty : picked;
        statement(db, 'UPDATE stock SET on_hand = max(on_hand - ?, reserved - ?), reserved = reserved - ? WHERE tenant = ? AND depot_id = ? AND sku = ? AND bin = ?')
          .run(leaves, task.qty, task.qty, tenant, task.depotId, task.sku, task.bin);
        const key = [tenant, task.orderId, task.sku, task.bin];
        statement(db, 'DELETE FROM reservations WHERE tenant = ? AND order_id = ? AND sku = ? AND bin = ? AND qty <= ?').run(...key, task.qty);
        statement(db, 'UPDATE reservations SET qty = qty - ? WHERE tenant = ? AND order_id = ? AND sku = ? AND bin = ?').run(task.qty, ...key);
        const done: PickTask = { ...task, picked, status: picked < task.qty ? 'short' : 'done', completedAt: world.nowIso() };
        statement(db, 'UPDATE tasks SET picked = ?, status = ?, completed_at = ? WHERE tenant = ? AND id = ?')
          .run(picked, done.status, done.completedAt ?? null, tenant, taskId);
        const open = statement(db, "SELECT count(*) AS n FROM tasks WHERE tenant = ? AND order_id = ? AND status = 'open'").get(tenant, task.orderId) as { n: number };
        if (open.n === 0) saveOrder(world, { ...requireOrder(world, tenant, task.orderId), status: 'picked' });
        return done;
      })();
    },
    getDockDoors({ tenant, depotId, window }) {
      const depot = requireDepot(world, tenant, depotId);
      return { doors: depot.dockDoors, bookings: overlapping(tenant, depotId, window.start, window.end) };
    },
    bookDock({ tenant, depotId, door, vehicleId, slot, shipmentIds, idempotencyKey }) {
      const depot = requireDepot(world, tenant, depotId);
      return db.transaction(() => {
        const existing = statement(db, 'SELECT * FROM dock_bookings WHERE tenant = ? AND idempotency_key = ?').get(tenant, idempotencyKey) as Row | undefined;
        if (existing) return bookingFromRow(existing);
        if (door !== undefined && door > depot.dockDoors) {
          throw new InputError('no_such_door', [{ path: 'door', reason: `${depotId} has doors 1 to ${depot.dockDoors}` }]);
        }
        const busy = overlapping(tenant, depotId, slot.start, slot.end);
        const taken = new Set(busy.map((b) => b.door));
        const chosen = door ?? Array.from({ length: depot.dockDoors }, (_, i) => i + 1).find((d) => !taken.has(d));
        if (chosen === undefined) throw new ConflictError('dock_full', 'slot', `all ${depot.dockDoors} doors at ${depotId} are booked then`);
        const clash = busy.find((b) => b.door === chosen);
        if (clash) {
          throw new ConflictError('door_busy', 'door', `door ${chosen} is booked ${clash.slot.start} to ${clash.slot.end} by ${clash.vehicleId}`);
        }
        const booking: DockBooking = { id: world.nextId('dock'), depotId, door: chosen, vehicleId, slot, shipmentIds };
        statement(
          db,
          'INSERT INTO dock_bookings (tenant, id, depot_id, door, vehicle_id, slot_start, slot_end, shipment_ids, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(tenant, booking.id, depotId, chosen, vehicleId, slot.start, slot.end, JSON.stringify(shipmentIds), idempotencyKey);
        return booking;
      })();
    },
    amendDock({ tenant, depotId, bookingId, door, slot, shipmentIds }) {
      const depot = requireDepot(world, tenant, depotId);
      return db.transaction(() => {
        const row = statement(db, 'SELECT * FROM dock_bookings WHERE tenant = ? AND depot_id = ? AND id = ?').get(tenant, depotId, bookingId) as Row | undefined;
        if (!row) throw new NotFoundError('bookingId', bookingId, 'dock booking');
        const booking = bookingFromRow(row);
        if (door !== undefined && door > depot.dockDoors) {
          throw new InputError('no_such_door', [{ path: 'door', reason: `${depotId} has doors 1 to ${depot.dockDoors}` }]);
        }
        const busy = overlapping(tenant, depotId, slot.start, slot.end).filter((b) => b.id !== bookingId);
        const taken = new Set(busy.map((b) => b.door));
        const chosen = door ?? (taken.has(booking.door) ? Array.from({ length: depot.dockDoors }, (_, i) => i + 1).find((d) => !taken.has(d)) : booking.door);
        if (chosen === undefined) throw new ConflictError('dock_full', 'slot', `all ${depot.dockDoors} doors at ${depotId} are booked then`);
        const clash = busy.find((b) => b.door === chosen);
        if (clash) {
          throw new ConflictError('door_busy', 'door', `door ${chosen} is booked ${clash.slot.start} to ${clash.slot.end} by ${clash.vehicleId}`);
        }
        statement(db, 'UPDATE dock_bookings SET door = ?, slot_start = ?, slot_end = ?, shipment_ids = ? WHERE tenant = ? AND id = ?')
          .run(chosen, slot.start, slot.end, JSON.stringify(shipmentIds), tenant, bookingId);
        return { ...booking, door: chosen, slot, shipmentIds };
      })();
    },
    restockReturn({ tenant, depotId, orderId, lines, condition, idempotencyKey }) {
      requireDepot(world, tenant, depotId);
      requireOrder(world, tenant, orderId);
      lines.forEach((l, i) => requireSku(world, tenant, l.sku, `lines.${i}.sku`));
      return db.transaction(() => {
        const done = statement(db, 'SELECT doc FROM returns WHERE tenant = ? AND idempotency_key = ?').get(tenant, idempotencyKey) as { doc: string } | undefined;
        if (done) return JSON.parse(done.doc) as { restocked: { sku: string; qty: number; bin: string }[] };
        const bin = condition === 'sellable' ? 'RETURNS' : 'QUARANTINE';
        const restocked = lines.map((l) => {
          putQty(world, tenant, depotId, l.sku, bin, l.qty, condition === 'sellable');
          return { sku: l.sku, qty: l.qty, bin };
        });
        statement(db, 'INSERT INTO returns (tenant, idempotency_key, doc) VALUES (?, ?, ?)').run(tenant, idempotencyKey, JSON.stringify({ restocked }));
        for (const row of statement(db, "SELECT doc FROM expected_returns WHERE tenant = ? AND order_id = ? AND depot_id = ? AND status = 'expected'").all(tenant, orderId, depotId) as { doc: string }[]) {
          const expected = ExpectedReturn.parse(JSON.parse(row.doc));
          saveExpected(tenant, { ...expected, status: 'received' });
        }
        return { restocked };
      })();
    },
    expectReturn({ tenant, depotId, orderId, shipmentId, lines, reason, expectedAt, idempotencyKey }) {
      requireDepot(world, tenant, depotId);
      requireOrder(world, tenant, orderId);
      lines.forEach((l, i) => requireSku(world, tenant, l.sku, `lines.${i}.sku`));
      return db.transaction(() => {
        const done = statement(db, 'SELECT doc FROM expected_returns WHERE tenant = ? AND idempotency_key = ?').get(tenant, idempotencyKey) as { doc: string } | undefined;
        if (done) return ExpectedReturn.parse(JSON.parse(done.doc));
        const expected: ExpectedReturn = {
          id: world.nextId('rma'), depotId, orderId, ...(shipmentId ? { shipmentId } : {}), lines, reason, expectedAt, status: 'expected',
        };
        statement(db, 'INSERT INTO expected_returns (tenant, id, depot_id, order_id, status, expected_at, idempotency_key, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(tenant, expected.id, depotId, orderId, expected.status, expectedAt, idempotencyKey, JSON.stringify(expected));
        return expected;
      })();
    },
    listExpectedReturns({ tenant, depotId, orderId, status }) {
      world.requireTenant(tenant);
      const rows = statement(db, `SELECT doc FROM expected_returns WHERE tenant = ? AND (? IS NULL OR depot_id = ?) AND (? IS NULL OR order_id = ?)
        AND (? IS NULL OR status = ?) ORDER BY expected_at, id`).all(tenant, depotId ?? null, depotId ?? null, orderId ?? null, orderId ?? null, status ?? null, status ?? null) as { doc: string }[];
      return rows.map((r) => ExpectedReturn.parse(JSON.parse(r.doc)));
    },
    createTransfer({ tenant, fromDepotId, toDepotId, sku, qty, idempotencyKey }) {
      const from = requireDepot(world, tenant, fromDepotId, 'fromDepotId');
      const to = requireDepot(world, tenant, toDepotId, 'toDepotId');
      requireSku(world, tenant, sku);
      if (fromDepotId === toDepotId) throw new InputError('same_depot', [{ path: 'toDepotId', reason: 'must differ from fromDepotId' }]);
      return db.transaction(() => {
        const existing = statement(db, 'SELECT * FROM in_transit WHERE tenant = ? AND idempotency_key = ?').get(tenant, idempotencyKey) as Row | undefined;
        if (existing) return inTransitFromRow(existing);
        takeQty(world, tenant, fromDepotId, sku, qty);
        // An hour to load and unload, plus the drive.
        const eta = toIso(toEpochSeconds(world.nowIso()) + 3600 + travelSecondsBetween(from.location, to.location));
        const id = world.nextId('trf');
        statement(
          db,
          "INSERT INTO in_transit (tenant, id, sku, from_depot, to_depot, qty, eta, status, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, 'in_transit', ?)",
        ).run(tenant, id, sku, fromDepotId, toDepotId, qty, eta, idempotencyKey);
        return { id, sku, fromDepotId, toDepotId, qty, eta, status: 'in_transit' as const };
      })();
    },
  });
}

