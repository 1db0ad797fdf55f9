/** Handlers that touch money and customers: notices, invoicing after delivery, carrier invoice disputes. */
import type { Handler } from './handler.ts';

export const customerNotify: Handler<'customer.notify'> = {
  async execute(p, ctx) {
    const m = await ctx.ports.notify.send({ tenant: ctx.tenant, ...p, idempotencyKey: ctx.key });
    return { messageId: m.id, status: m.status, ...(m.failureReason ? { failureReason: m.failureReason } : {}) };
  },
  async compensate(_p, result, ctx) {
    if (result.status !== 'sent' || typeof result.messageId !== 'string') return { retracted: false };
    await ctx.ports.notify.retract({ tenant: ctx.tenant, messageId: result.messageId, reason: 'the earlier message was sent in error' });
    return { retracted: true };
  },
};

/** After proof of delivery: the delivery confirmation, the freight accrual and the customer invoice, each once. */
export const invoicePost: Handler<'invoice.post'> = {
  async execute({ orderId, shipmentId, deliveredAt, amount, freight, carrierId }, ctx) {
    const t = ctx.tenant;
    const post = (suffix: string, body: Parameters<typeof ctx.ports.erp.post>[0]['body']) =>
      ctx.ports.erp.post({ tenant: t, idempotencyKey: `${ctx.key}:${suffix}`, body });
    const confirmation = await post('pod', { type: 'delivery_confirmation', orderId, shipmentId, deliveredAt });
    const accrual = await post('frt', { type: 'freight_accrual', shipmentId, amount: freight, ...(carrierId ? { carrierId } : {}) });
    const invoice = await post('inv', { type: 'customer_invoice', orderId, amount });
    return { postings: [confirmation.posting.id, accrual.posting.id, invoice.posting.id] };
  },
};

export const invoiceDispute: Handler<'invoice.dispute'> = {
  async execute({ invoiceId, carrierId, overcharge, reason }, ctx) {
    const invoice = await ctx.ports.carrier.getInvoice({ tenant: ctx.tenant, invoiceId });
    if (invoice.status === 'received') await ctx.ports.carrier.answerInvoice({ tenant: ctx.tenant, invoiceId, decision: 'disputed', reason });
    const posted = await ctx.ports.erp.post({
      tenant: ctx.tenant, idempotencyKey: ctx.key, body: { type: 'carrier_invoice', invoiceId, carrierId, amount: overcharge, decision: 'disputed' },
    });
    return { postingId: posted.posting.id };
  },
};
