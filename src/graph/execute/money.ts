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

/**
 * A customer invoice after proof of delivery (delivery confirmation, freight accrual, invoice, each once),
 * or a carrier invoice approved at the carrier and booked in the ERP.
 */
export const invoicePost: Handler<'invoice.post'> = {
  async execute(p, ctx) {
    const t = ctx.tenant;
    const post = (suffix: string, body: Parameters<typeof ctx.ports.erp.post>[0]['body']) =>
      ctx.ports.erp.post({ tenant: t, idempotencyKey: `${ctx.key}:${suffix}`, body });
    if (p.invoice === 'carrier') {
      const invoice = await ctx.ports.carrier.getInvoice({ tenant: t, invoiceId: p.invoiceId });
      if (invoice.status === 'received') await ctx.ports.carrier.answerInvoice({ tenant: t, invoiceId: p.invoiceId, decision: 'approved' });
      const booked = await post('ap', { type: 'carrier_invoice', invoiceId: p.invoiceId, carrierId: p.carrierId, amount: p.amount, decision: 'approved' });
      return { postings: [booked.posting.id] };
    }
    const { orderId, shipmentId, deliveredAt, amount, freight, carrierId } = p;
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
