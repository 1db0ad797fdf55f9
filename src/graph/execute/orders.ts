/** Handlers for order actions: release, hold, split, backorder, promise dates, transfers, reschedules. */
import { TimeWindow } from '../../domain/index.ts';
import type { ExecContext, Handler } from './handler.ts';

async function setPromise(ctx: ExecContext, orderId: string, promisedBy: string, reason: string) {
  const before = await ctx.ports.oms.getOrder({ tenant: ctx.tenant, orderId });
  await ctx.ports.oms.setPromise({ tenant: ctx.tenant, orderId, promisedBy, reason });
  return { previousPromise: before.promisedBy ?? null };
}

async function restorePromise(ctx: ExecContext, orderId: string, previous: unknown) {
  if (typeof previous !== 'string') return { restored: false };
  await ctx.ports.oms.setPromise({ tenant: ctx.tenant, orderId, promisedBy: previous, reason: 'override: previous promise restored' });
  return { restored: true };
}

async function backorder(ctx: ExecContext, orderId: string, lines: { sku: string; qty: number }[], promisedBy: string) {
  for (const [i, line] of lines.entries()) {
    await ctx.ports.erp.post({ tenant: ctx.tenant, idempotencyKey: `${ctx.key}:bo${i}`, body: { type: 'backorder', orderId, sku: line.sku, qty: line.qty, promisedBy } });
  }
  return setPromise(ctx, orderId, promisedBy, 'backorder');
}

/** Releasing allocates the order and waves it for picking; a held order is released from hold first. */
export const orderRelease: Handler<'order.release'> = {
  async execute({ orderId, reason }, ctx) {
    const t = ctx.tenant;
    const order = await ctx.ports.oms.getOrder({ tenant: t, orderId });
    if (order.status === 'held') await ctx.ports.oms.setHold({ tenant: t, orderId, hold: false, reason });
    const allocation = await ctx.ports.oms.allocate({ tenant: t, orderId });
    const waved = await ctx.ports.wms.listTasks({ tenant: t, orderId });
    const wave = waved.length > 0 ? { waveId: waved[0]!.waveId } : await ctx.ports.wms.releaseWave({ tenant: t, depotId: order.depotId, orderIds: [orderId] });
    return { waveId: wave.waveId, complete: allocation.complete };
  },
};

export const orderHold: Handler<'order.hold'> = {
  async execute({ orderId, reason }, ctx) {
    const order = await ctx.ports.oms.getOrder({ tenant: ctx.tenant, orderId });
    if (order.status !== 'held') await ctx.ports.oms.setHold({ tenant: ctx.tenant, orderId, hold: true, reason });
    return {};
  },
  async compensate({ orderId }, _result, ctx) {
    await ctx.ports.oms.setHold({ tenant: ctx.tenant, orderId, hold: false, reason: 'override: hold lifted' });
    return {};
  },
};

export const orderSplit: Handler<'order.split'> = {
  execute: ({ orderId, backorder: lines, promisedBy }, ctx) => backorder(ctx, orderId, lines, promisedBy),
};

export const orderBackorder: Handler<'order.backorder'> = {
  execute: ({ orderId, lines, promisedBy }, ctx) => backorder(ctx, orderId, lines, promisedBy),
};

export const promiseUpdate: Handler<'promise.update'> = {
  execute: ({ orderId, promisedBy, reason }, ctx) => setPromise(ctx, orderId, promisedBy, reason),
  compensate: ({ orderId }, result, ctx) => restorePromise(ctx, orderId, result.previousPromise),
};

/**
 * The order is promised for the new window. A shipment still waiting at the depot (ready or planned) takes that window
 * too, so today's plans leave it for the day it is now due; one already out (failed, delivered) keeps its history.
 */
export const deliveryReschedule: Handler<'delivery.reschedule'> = {
  async execute({ orderId, shipmentId, window, reason }, ctx) {
    const promise = await setPromise(ctx, orderId, window.end, reason);
    const shipment = ctx.store.shipments.get(ctx.tenant, shipmentId);
    if (!shipment || (shipment.status !== 'ready' && shipment.status !== 'planned')) return promise;
    ctx.store.shipments.put({ ...shipment, windows: [window] });
    return { ...promise, previousWindows: shipment.windows };
  },
  async compensate({ orderId, shipmentId, window }, result, ctx) {
    const restored = await restorePromise(ctx, orderId, result.previousPromise);
    const shipment = ctx.store.shipments.get(ctx.tenant, shipmentId);
    const previous = TimeWindow.array().min(1).safeParse(result.previousWindows);
    // Only a shipment still holding the rescheduled window gets its old ones back: anything since is someone else's.
    const untouched = shipment && shipment.windows.length === 1 && shipment.windows[0]!.start === window.start && shipment.windows[0]!.end === window.end;
    if (!previous.success || !shipment || !untouched) return { ...restored, windows: false };
    ctx.store.shipments.put({ ...shipment, windows: previous.data });
    return { ...restored, windows: true };
  },
};

/** The transfer goes out first: the new promise is only worth giving once the stock is on its way. */
export const stockTransfer: Handler<'stock.transfer'> = {
  async execute({ orderId, fromDepotId, toDepotId, sku, qty, promisedBy }, ctx) {
    const t = await ctx.ports.wms.createTransfer({ tenant: ctx.tenant, fromDepotId, toDepotId, sku, qty, idempotencyKey: ctx.key });
    const promise = orderId && promisedBy ? await setPromise(ctx, orderId, promisedBy, `transfer of ${qty} ${sku} from ${fromDepotId}`) : {};
    return { transferId: t.id, eta: t.eta, ...promise };
  },
};

/** No compensation: substitution rules are one-way, so putting the old SKU back is the OMS user's call. */
export const orderSubstitute: Handler<'order.substitute'> = {
  async execute({ orderId, lineNo, sku }, ctx) {
    const order = await ctx.ports.oms.substitute({ tenant: ctx.tenant, orderId, lineNo, sku });
    return { lines: order.lines.length };
  },
};
