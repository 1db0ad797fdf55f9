/** Stock tools: available-to-promise of an order, and where a SKU is across depots (ERP book, WMS pickable, in transit). */
import { z } from 'zod';
// atpOf is the Capacity agent's own ATP rule, reused so a tool and the agent never disagree. It belongs below
// agents/ (tools/ or domain/); importing it from agents/ runs against DESIGN.md's arrows until it moves.
import { atpOf } from './atp.ts';
import { Id, IsoTimestamp } from '../domain/index.ts';
import { defineTool, type ToolContext } from './define.ts';

const Qty = z.number().int().nonnegative();

export const OrderAtp = z.object({
  orderId: Id,
  depotId: Id,
  lines: z.array(z.object({
    sku: Id,
    ordered: z.number().int().positive(),
    /** What the ERP books at the depot, bins locked for a count included. */
    bookStock: Qty,
    pickable: Qty,
    locked: Qty,
    inTransit: Qty,
    arrivesBy: IsoTimestamp.nullable(),
    /** Ordered minus pickable, when positive. */
    short: Qty,
  })),
  allPickable: z.boolean(),
});

export const SkuStock = z.object({
  sku: Id,
  depots: z.array(z.object({ depotId: Id, bookStock: Qty, pickable: Qty, inTransit: Qty, arrivesBy: IsoTimestamp.nullable() })),
});

/** `get_order_atp` and `get_sku_stock`. */
export function stockTools(ctx: ToolContext) {
  const { ports, tenant } = ctx;
  const bookAt = async (sku: string, depotId: string) =>
    (await ports.erp.getBookStock({ tenant, sku, depotId })).reduce((s, r) => s + r.qty, 0);
  return {
    get_order_atp: defineTool({
      name: 'get_order_atp',
      description: "Available to promise for every line of an order at its depot: ERP book stock, WMS pickable stock, locked bins, stock in transit and when it lands.",
      input: z.object({ orderId: Id.describe('the order id') }),
      output: OrderAtp,
      async run({ orderId }) {
        const order = await ports.oms.getOrder({ tenant, orderId });
        const atp = await atpOf(ports, order);
        const lines = await Promise.all(atp.map(async (a) => ({
          ...a, bookStock: await bookAt(a.sku, order.depotId), short: Math.max(0, a.ordered - a.pickable),
        })));
        return { orderId, depotId: order.depotId, lines, allPickable: lines.every((l) => l.short === 0) };
      },
    }),
    get_sku_stock: defineTool({
      name: 'get_sku_stock',
      description: 'Where a SKU is: per depot its ERP book stock, WMS pickable stock and stock in transit to it. For transfers between depots.',
      input: z.object({ sku: Id.describe('the SKU id') }),
      output: SkuStock,
      async run({ sku }) {
        const [book, transit] = await Promise.all([ports.erp.getBookStock({ tenant, sku }), ports.erp.getInTransit({ tenant, sku })]);
        const open = transit.filter((t) => t.status === 'in_transit');
        const depotIds = [...new Set([...book.map((b) => b.depotId), ...open.map((t) => t.toDepotId)])].sort();
        const depots = await Promise.all(depotIds.map(async (depotId) => {
          const here = open.filter((t) => t.toDepotId === depotId);
          return {
            depotId,
            bookStock: book.filter((b) => b.depotId === depotId).reduce((s, b) => s + b.qty, 0),
            pickable: (await ports.wms.getPickableStock({ tenant, depotId, sku })).pickable,
            inTransit: here.reduce((s, t) => s + t.qty, 0),
            arrivesBy: here.map((t) => t.eta).sort().at(-1) ?? null,
          };
        }));
        return { sku, depots };
      },
    }),
  };
}
