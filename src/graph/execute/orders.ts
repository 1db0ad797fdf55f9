/** Handlers for order actions: release, hold, split, backorder, promise dates, transfers, reschedules. */
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

export const deliveryReschedule: Handler<'delivery.reschedule'> = {
  execute: ({ orderId, window, reason }, ctx) => setPromise(ctx, orderId, window.end, reason),
  compensate: ({ orderId }, result, ctx) => restorePromise(ctx, orderId, result.previousPromise),
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
