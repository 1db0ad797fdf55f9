/** Carrier tools: quotes on a lane beside what Marshal has observed of each carrier, and carrier invoices. */
import { z } from 'zod';
import { CarrierInvoice, Quote } from '../connectors/index.ts';
import { Id } from '../domain/index.ts';
import { defineTool, type ToolContext } from './define.ts';

export const ObservedScore = z.object({
  delivered: z.number().int().nonnegative(),
  onTime: z.number().int().nonnegative(),
  /** Marshal's own on-time share; null until it has seen a delivery. */
  onTimeRate: z.number().min(0).max(1).nullable(),
  exceptions: z.record(z.string(), z.number().int().nonnegative()),
});

export const ScoredQuote = Quote.extend({ observed: ObservedScore });

/** `get_carrier_quotes` and `get_carrier_invoices`. */
export function carrierTools(ctx: ToolContext) {
  const { ports, store, tenant } = ctx;
  return {
    get_carrier_quotes: defineTool({
      name: 'get_carrier_quotes',
      description: "Prices a shipment with every carrier serving the lane (or one), cheapest first, each with its claimed on-time rate and Marshal's own observed score.",
      input: z.object({
        depotId: Id,
        zone: z.string().min(1).describe('delivery zone of the customer'),
        weightKg: z.number().positive(),
        distanceM: z.number().int().nonnegative(),
        carrierId: Id.optional(),
      }),
      output: z.object({ quotes: z.array(ScoredQuote) }),
      async run(input) {
        const quotes = await ports.carrier.quote({ tenant, ...input });
        const scored = quotes.map((q) => {
          const s = store.carrierScores.get(tenant, q.carrierId);
          return { ...q, observed: { delivered: s.delivered, onTime: s.onTime, onTimeRate: s.delivered > 0 ? s.onTime / s.delivered : null, exceptions: s.exceptions } };
        });
        // Code-unit order on ties, not localeCompare: the same answer on every machine.
        scored.sort((a, b) => a.amount.amountMinor - b.amount.amountMinor || (a.carrierId < b.carrierId ? -1 : a.carrierId > b.carrierId ? 1 : 0));
        return { quotes: scored };
      },
    }),
    get_carrier_invoices: defineTool({
      name: 'get_carrier_invoices',
      description: 'Carrier invoices with their lines: one by id, or by carrier and status (received, approved, disputed).',
      input: z.object({
        invoiceId: Id.optional(),
        carrierId: Id.optional(),
        status: CarrierInvoice.shape.status.optional(),
      }),
      output: z.object({ invoices: z.array(CarrierInvoice) }),
      async run({ invoiceId, carrierId, status }) {
        if (invoiceId !== undefined) return { invoices: [await ports.carrier.getInvoice({ tenant, invoiceId })] };
        return { invoices: await ports.carrier.listInvoices({ tenant, ...(carrierId ? { carrierId } : {}), ...(status ? { status } : {}) }) };
      },
    }),
  };
}
