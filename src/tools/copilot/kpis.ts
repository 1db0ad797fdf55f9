/** `kpis`: the operation's key figures over a period, from the dispatch state and the decision log. */
import { z } from 'zod';
import { type DecisionEntry, Id, IsoTimestamp, toEpochSeconds, toIso } from '../../domain/index.ts';
import { queryDecisions } from '../../ledger/index.ts';
import { defineTool } from '../define.ts';
import type { CopilotToolContext } from './context.ts';
import { listAll } from '../../store/index.ts';
import { withEffect } from './shared.ts';

export const KpisOutput = z.object({
  from: z.string(),
  to: z.string(),
  depotId: z.string().nullable(),
  orders: z.object({ created: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  /** Current ETAs of the period's orders inside their windows. */
  projectedOnTime: z.object({ withEta: z.number().int(), onTime: z.number().int(), rate: z.number().nullable() }),
  decisions: z.object({
    total: z.number().int(),
    byOutcome: z.record(z.string(), z.number().int()),
    byKind: z.record(z.string(), z.number().int()),
    /** Share decided without a human (executed at L2/L3) among agents' proposals. */
    automationRate: z.number().nullable(),
  }),
  reviews: z.object({ pendingNow: z.number().int(), decidedInPeriod: z.number().int() }),
  tenders: z.number().int(),
  customerNotices: z.number().int(),
});

// Built once: a tool set is made per chat turn, and zod schemas are costly to build.
const KpisInput = z.object({ from: IsoTimestamp, to: IsoTimestamp, depotId: Id.optional() });

/** The KPI tool. */
export function copilotKpiTools(ctx: CopilotToolContext) {
  const { store, tenant, clock } = ctx;
  return {
    kpis: withEffect(defineTool({
      name: 'kpis',
      description: 'Key figures over a period (ISO from/to; e.g. today, this week): orders created and their status, projected on-time rate from ETAs, decisions by outcome and kind, automation rate, reviews pending and decided, tenders and customer notices. Optionally one depot.',
      input: KpisInput,
      output: KpisOutput,
      run({ from, to, depotId }) {
        const orders = listAll(store.orders, tenant, { depot_id: depotId }).filter((o) => o.createdAt >= from && o.createdAt <= to);
        const byStatus: Record<string, number> = {};
        for (const o of orders) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
        const ids = new Set(orders.map((o) => o.id));
        let withEta = 0;
        let onTime = 0;
        const etas = new Map(listAll(store.etas, tenant).map((e) => [e.shipmentId, e]));
        for (const s of listAll(store.shipments, tenant, { depot_id: depotId })) {
          if (!s.orderIds.some((o) => ids.has(o))) continue;
          const eta = etas.get(s.id);
          if (!eta) continue;
          withEta++;
          if (toEpochSeconds(eta.eta) <= toEpochSeconds(eta.window.end)) onTime++;
        }
        const entries: DecisionEntry[] = [];
        for (let after: number | undefined; ;) {
          const page = queryDecisions(store.db, { tenant, from, to, limit: 1000, ...(after !== undefined ? { afterSeq: after } : {}) });
          entries.push(...page.entries);
          if (page.nextAfterSeq === undefined) break;
          after = page.nextAfterSeq;
        }
        // A depot filter keeps decisions whose proposal names the depot or one of its orders.
        const inDepot = (e: (typeof entries)[number]) => !depotId || e.proposal?.payload.depotId === depotId || ids.has(String(e.proposal?.payload.orderId ?? ''));
        const mine = entries.filter((e) => e.proposal !== null && inDepot(e));
        const byOutcome: Record<string, number> = {};
        const byKind: Record<string, number> = {};
        for (const e of mine) {
          byOutcome[e.outcome] = (byOutcome[e.outcome] ?? 0) + 1;
          if (e.refersTo === null) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
        }
        const first = mine.filter((e) => e.refersTo === null && e.agent !== 'human');
        const auto = first.filter((e) => e.outcome === 'executed').length;
        // Past its deadline a pending review only waits to expire: not counted as pending.
        const pendingNow = store.db.prepare("SELECT count(*) FROM reviews WHERE tenant = ? AND status = 'pending' AND expires_at > ?").pluck().get(tenant, toIso(clock.now())) as number;
        return {
          from, to, depotId: depotId ?? null,
          orders: { created: orders.length, byStatus },
          projectedOnTime: { withEta, onTime, rate: withEta > 0 ? Math.round((onTime / withEta) * 1000) / 1000 : null },
          decisions: { total: mine.length, byOutcome, byKind, automationRate: first.length > 0 ? Math.round((auto / first.length) * 1000) / 1000 : null },
          reviews: { pendingNow, decidedInPeriod: mine.filter((e) => e.outcome === 'approved' || e.outcome === 'rejected').length },
          tenders: byKind['carrier.tender'] ?? 0,
          customerNotices: byKind['customer.notify'] ?? 0,
        };
      },
    }), 'read'),
  };
}
