/** `carrier_performance`: per carrier, its claimed record, what Marshal observed, and the tenders of a period with their answers. */
import { z } from 'zod';
import { Id, IsoTimestamp, NotFoundError } from '../../domain/index.ts';
import { outboxForDecision } from '../../governance/index.ts';
import { queryDecisions } from '../../ledger/index.ts';
import { defineTool } from '../define.ts';
import type { CopilotToolContext } from './context.ts';
import { withEffect } from './shared.ts';

const CarrierLine = z.object({
  carrierId: z.string(),
  name: z.string(),
  claimedOnTimeRate: z.number().nullable(),
  observed: z.object({ delivered: z.number().int(), onTime: z.number().int(), onTimeRate: z.number().nullable(), exceptions: z.record(z.string(), z.number()) }),
  tenders: z.object({ proposed: z.number().int(), accepted: z.number().int(), rejected: z.number().int(), queued: z.number().int(), spendMinor: z.number().int() }),
  /** Decision ids of the tenders counted, to cite. */
  tenderDecisionIds: z.array(z.string()),
});

export const CarrierPerformanceOutput = z.object({ from: z.string().nullable(), to: z.string().nullable(), carriers: z.array(CarrierLine) });

// Built once: a tool set is made per chat turn, and zod schemas are costly to build.
const CarrierPerformanceInput = z.object({ carrierId: Id.optional(), from: IsoTimestamp.optional(), to: IsoTimestamp.optional() });

/** The carrier tool. */
export function copilotCarrierTools(ctx: CopilotToolContext) {
  const { store, tenant, carriers } = ctx;
  return {
    carrier_performance: withEffect(defineTool({
      name: 'carrier_performance',
      description: 'Carrier performance: claimed on-time rate, on-time and exceptions Marshal observed, and tenders in a period (proposed, accepted, rejected, waiting, spend) with their decision ids. One carrier or all, best on-time first.',
      input: CarrierPerformanceInput,
      output: CarrierPerformanceOutput,
      run({ carrierId, from, to }) {
        const chosen = carrierId ? carriers.filter((c) => c.id === carrierId) : [...carriers];
        if (carrierId && chosen.length === 0) throw new NotFoundError('carrierId', carrierId, 'carrier');
        const tenders = queryDecisions(store.db, { tenant, kind: 'carrier.tender', limit: 1000, ...(from ? { from } : {}), ...(to ? { to } : {}) }).entries
          .filter((e) => e.refersTo === null);
        const lines = chosen.map((c) => {
          const score = store.carrierScores.get(tenant, c.id);
          const mine = tenders.filter((e) => e.proposal?.payload.carrierId === c.id);
          const t = { proposed: mine.length, accepted: 0, rejected: 0, queued: 0, spendMinor: 0 };
          for (const e of mine) {
            if (e.outcome === 'queued') t.queued++;
            const result = outboxForDecision(store.db, e.id)?.result;
            if (result?.status === 'accepted') {
              t.accepted++;
              const amount = e.proposal?.payload.amount as { amountMinor?: number } | undefined;
              t.spendMinor += amount?.amountMinor ?? 0;
            } else if (result?.status === 'rejected') t.rejected++;
          }
          return {
            carrierId: c.id, name: c.name,
            claimedOnTimeRate: c.record.delivered > 0 ? Math.round((c.record.onTime / c.record.delivered) * 1000) / 1000 : null,
            observed: { delivered: score.delivered, onTime: score.onTime, onTimeRate: score.delivered > 0 ? score.onTime / score.delivered : null, exceptions: score.exceptions },
            tenders: t, tenderDecisionIds: mine.map((e) => e.id),
          };
        });
        const rate = (l: (typeof lines)[number]) => l.observed.onTimeRate ?? l.claimedOnTimeRate ?? 0;
        lines.sort((a, b) => rate(b) - rate(a) || (a.carrierId < b.carrierId ? -1 : 1));
        return { from: from ?? null, to: to ?? null, carriers: lines };
      },
    }), 'read'),
  };
}
