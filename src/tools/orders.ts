/** Order tools: an order as the OMS holds it, with its customer, credit terms and what its SLA leaves. */
import { z } from 'zod';
import { CustomerTerms } from '../connectors/index.ts';
import { Customer, Id, IsoTimestamp, Order, SlaTier, TimeWindow, toEpochSeconds } from '../domain/index.ts';
import { defineTool, type ToolContext } from './define.ts';

export const OrderView = z.object({
  order: Order,
  customer: Customer,
  terms: CustomerTerms,
  sla: z.object({
    tier: SlaTier,
    windows: z.array(TimeWindow),
    promisedBy: IsoTimestamp.nullable(),
    /** Until the end of the preferred window; negative once it has passed. */
    secondsToWindowEnd: z.number().int(),
  }),
});
export type OrderView = z.infer<typeof OrderView>;

/** `get_order`: the order (OMS), the customer master and credit terms (ERP), and its SLA measured from now. */
export function orderTools(ctx: ToolContext) {
  const { ports, tenant, clock } = ctx;
  return {
    get_order: defineTool({
      name: 'get_order',
      description: 'One order as the OMS holds it, with the customer record, credit terms and SLA (tier, windows, promise, time left).',
      input: z.object({ orderId: Id.describe('the order id, e.g. o-1') }),
      output: OrderView,
      async run({ orderId }) {
        const order = await ports.oms.getOrder({ tenant, orderId });
        const [customer, booked] = await Promise.all([
          ports.erp.getCustomer({ tenant, customerId: order.customerId }),
          ports.erp.getOrder({ tenant, orderId }),
        ]);
        const first = order.windows[0]!;
        return {
          order, customer, terms: booked.terms,
          sla: { tier: order.slaTier, windows: order.windows, promisedBy: order.promisedBy ?? null, secondsToWindowEnd: toEpochSeconds(first.end) - clock.now() },
        };
      },
    }),
  };
}
