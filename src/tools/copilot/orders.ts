/** `orders_at_risk` and `order_status`: open orders that may miss their SLA, and one order across OMS, WMS, plan and ETA. */
import { z } from 'zod';
import { type DecisionEntry, Id, IsoTimestamp, NotFoundError, SlaTier, toEpochSeconds, toIso } from '../../domain/index.ts';
import { queryDecisions } from '../../ledger/index.ts';
import { defineTool } from '../define.ts';
import type { CopilotToolContext } from './context.ts';
import { AtRisk, byRisk, RiskReason, riskOf } from './risk.ts';
import { listAll } from '../../store/index.ts';
import { withEffect } from './shared.ts';

const DONE = new Set(['delivered', 'cancelled']);
const DAY = 86_400;

export const OrdersAtRiskOutput = z.object({
  asOf: IsoTimestamp,
  /** Orders whose first window ends in [from, to]. */
  from: IsoTimestamp,
  to: IsoTimestamp,
  /** The filters applied besides the period, so an answer can say what it covers. */
  filters: z.object({ depotId: z.string().nullable(), tier: SlaTier.nullable(), after: z.string().nullable(), before: z.string().nullable(), reason: RiskReason.nullable() }),
  total: z.number().int().nonnegative(),
  byReason: z.record(z.string(), z.number().int()),
  orders: z.array(AtRisk),
});

export const OrderStatusOutput = z.object({
  orderId: z.string(),
  customerId: z.string(),
  depotId: z.string(),
  tier: SlaTier,
  oms: z.object({ status: z.string(), promisedBy: z.string().nullable(), windows: z.array(z.object({ start: z.string(), end: z.string() })), notes: z.string().nullable() }),
  wms: z.object({ tasks: z.array(z.object({ id: z.string(), sku: z.string(), qty: z.number(), picked: z.number().nullable(), status: z.string() })) }),
  dispatch: z.array(z.object({ shipmentId: z.string(), status: z.string(), vehicleId: z.string().nullable(), carrierId: z.string().nullable(), eta: z.string().nullable(), lateByMinutes: z.number().int().nullable() })),
  risk: AtRisk.nullable(),
  messages: z.array(z.object({ id: z.string(), template: z.string(), status: z.string() })),
  /** The latest decisions taken about it (at most 10), each with what later acted on it (an approval, an expiry). */
  decisions: z.array(z.object({
    id: z.string(), at: z.string(), kind: z.string(), level: z.string(), outcome: z.string(), summary: z.string(),
    then: z.array(z.object({ id: z.string(), outcome: z.string(), actor: z.string() })),
  })),
});

// Built once: a tool set is made per chat turn, and zod schemas are costly to build.
const OrdersAtRiskInput = z.object({
  from: IsoTimestamp.optional().describe('windows ending at or after this (default: start of today)'),
  to: IsoTimestamp.optional().describe('windows ending at or before this (default: end of today)'),
  after: IsoTimestamp.optional().describe('only windows ending after this time'),
  before: IsoTimestamp.optional().describe('only windows ending before this time'),
  depotId: Id.optional(),
  tier: SlaTier.optional(),
  reason: RiskReason.optional(),
  limit: z.number().int().min(1).max(200).default(20),
});
const OrderStatusInput = z.object({ orderId: Id.optional(), shipmentId: Id.optional() });

/** The two order tools. */
export function copilotOrderTools(ctx: CopilotToolContext) {
  const { store, ports, tenant, clock } = ctx;
  return {
    orders_at_risk: withEffect(defineTool({
      name: 'orders_at_risk',
      description: 'Open orders at risk of missing their SLA (failed attempt, unassigned, ETA late or tight, held, backordered, not picked in time), most serious first. Filter by the period their window ends in (default today), window end after/before a time, depot and SLA tier.',
      input: OrdersAtRiskInput,
      output: OrdersAtRiskOutput,
      run(q) {
        const now = clock.now();
        const today = now - (now % DAY);
        const from = q.from ?? toIso(today);
        const to = q.to ?? toIso(today + DAY - 1);
        const plan = store.plans.current(tenant);
        const shipments = new Map<string, ReturnType<typeof store.shipments.require>>();
        for (const s of listAll(store.shipments, tenant)) for (const o of s.orderIds) shipments.set(o, s);
        const orders = listAll(store.orders, tenant, { depot_id: q.depotId, sla_tier: q.tier });
        const risks = orders
          .filter((o) => !DONE.has(o.status))
          .filter((o) => {
            const end = o.windows[0]!.end;
            return end >= from && end <= to && (!q.after || end > q.after) && (!q.before || end < q.before);
          })
          .map((o) => {
            const s = shipments.get(o.id);
            return riskOf(o, s, s ? store.etas.get(tenant, s.id) : undefined, plan, now);
          })
          .filter((r): r is AtRisk => r !== undefined && (!q.reason || r.reason === q.reason))
          .sort(byRisk);
        const byReason: Record<string, number> = {};
        for (const r of risks) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
        const filters = { depotId: q.depotId ?? null, tier: q.tier ?? null, after: q.after ?? null, before: q.before ?? null, reason: q.reason ?? null };
        return { asOf: toIso(now), from, to, filters, total: risks.length, byReason, orders: risks.slice(0, q.limit) };
      },
    }), 'read'),
    order_status: withEffect(defineTool({
      name: 'order_status',
      description: 'One order across systems: OMS status, promise, windows and notes; WMS pick tasks; its shipment in the plan (van or carrier) and ETA; SLA risk; customer messages; the decisions taken about it (with ids to cite).',
      input: OrderStatusInput,
      output: OrderStatusOutput,
      async run({ orderId, shipmentId }) {
        const id = orderId ?? (shipmentId ? store.shipments.get(tenant, shipmentId)?.orderIds[0] : undefined);
        if (!id) throw new NotFoundError(shipmentId ? 'shipmentId' : 'orderId', shipmentId ?? '(none given)', shipmentId ? 'shipment' : 'order');
        const oms = await ports.oms.getOrder({ tenant, orderId: id });
        const shipments = listAll(store.shipments, tenant).filter((s) => s.orderIds.includes(id));
        const [tasks, messages] = await Promise.all([ports.wms.listTasks({ tenant, orderId: id }), ports.notify.listMessages({ tenant, orderId: id })]);
        const s = shipments[0];
        const eta = s ? store.etas.get(tenant, s.id) : undefined;
        // The order's decisions and its shipments' (a tender or a route is about the shipment), in log order.
        const bySeq = new Map<number, DecisionEntry>();
        for (const q of [{ orderId: id }, ...shipments.map((x) => ({ shipmentId: x.id }))]) {
          for (const e of queryDecisions(store.db, { tenant, ...q, limit: 1000 }).entries) bySeq.set(e.seq, e);
        }
        const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
        // A human's or the clock's act on a decision is shown under it, so a hold that expired is not pushed off the list.
        const decisions = all.filter((e) => e.refersTo === null).slice(-10).map((e) => ({
          id: e.id, at: e.at, kind: e.kind, level: e.level, outcome: e.outcome, summary: e.explanation.summary,
          then: all.filter((x) => x.refersTo === e.id).map((x) => ({ id: x.id, outcome: x.outcome, actor: x.actor })),
        }));
        return {
          orderId: id, customerId: oms.customerId, depotId: oms.depotId, tier: oms.slaTier,
          oms: { status: oms.status, promisedBy: oms.promisedBy ?? null, windows: oms.windows, notes: oms.notes ?? null },
          wms: { tasks: tasks.map((t) => ({ id: t.id, sku: t.sku, qty: t.qty, picked: t.picked ?? null, status: t.status })) },
          dispatch: shipments.map((x) => {
            const e = store.etas.get(tenant, x.id);
            return {
              shipmentId: x.id, status: x.status, vehicleId: x.vehicleId ?? null, carrierId: x.carrierId ?? null, eta: e?.eta ?? null,
              lateByMinutes: e ? Math.max(0, Math.round((toEpochSeconds(e.eta) - toEpochSeconds(e.window.end)) / 60)) : null,
            };
          }),
          risk: riskOf(oms, s, eta, store.plans.current(tenant), clock.now()) ?? null,
          messages: messages.map((m) => ({ id: m.id, template: m.template, status: m.status })),
          decisions,
        };
      },
    }), 'read'),
  };
}
