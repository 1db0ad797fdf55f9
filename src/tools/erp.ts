/** ERP tools: what Marshal has booked in the ERP (delivery confirmations, accruals, customer and carrier invoices). */
import { z } from 'zod';
import { Posting } from '../connectors/index.ts';
import { Id } from '../domain/index.ts';
import { defineTool, type ToolContext } from './define.ts';

const PostingType = z.enum(['delivery_confirmation', 'freight_accrual', 'customer_invoice', 'backorder', 'carrier_invoice']);

/** `get_erp_postings`. */
export function erpTools(ctx: ToolContext) {
  const { ports, tenant } = ctx;
  return {
    get_erp_postings: defineTool({
      name: 'get_erp_postings',
      description: 'ERP postings, oldest first, by order, shipment or type: customer invoices, carrier invoice decisions, freight accruals, delivery confirmations, backorders.',
      input: z.object({ orderId: Id.optional(), shipmentId: Id.optional(), type: PostingType.optional() }),
      output: z.object({ postings: z.array(Posting) }),
      async run({ orderId, shipmentId, type }) {
        const filter = { ...(orderId ? { orderId } : {}), ...(shipmentId ? { shipmentId } : {}), ...(type ? { type } : {}) };
        return { postings: await ports.erp.listPostings({ tenant, ...filter }) };
      },
    }),
  };
}
