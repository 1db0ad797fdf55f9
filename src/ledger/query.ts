/** Finding decisions: by what they are about, where they came from, who made them, what happened, and when. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AgentName, DecisionEntry, DecisionKind, DecisionOutcome, Id, IsoTimestamp, parseInput } from '../domain/index.ts';
import { entryFromRow } from './ledger.ts';

export const DecisionQuery = z.object({
  tenant: Id,
  orderId: Id.optional(),
  shipmentId: Id.optional(),
  vehicleId: Id.optional(),
  eventId: z.string().min(1).optional(),
  correlationId: z.string().min(1).optional(),
  agent: z.union([AgentName, z.literal('human')]).optional(),
  kind: DecisionKind.optional(),
  outcome: DecisionOutcome.optional(),
  /** Decisions acting on this one (approvals, rejections, overrides). */
  refersTo: Id.optional(),
  from: IsoTimestamp.optional(),
  to: IsoTimestamp.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Entries after this seq (paging forward). */
  afterSeq: z.coerce.number().int().nonnegative().optional(),
});
export type DecisionQuery = z.input<typeof DecisionQuery>;

const COLUMNS: Partial<Record<keyof z.output<typeof DecisionQuery>, string>> = {
  eventId: 'event_id', correlationId: 'correlation_id', agent: 'agent', kind: 'kind', outcome: 'outcome', refersTo: 'refers_to',
};
const REFS = { orderId: 'order', shipmentId: 'shipment', vehicleId: 'vehicle' } as const;

/** Decisions matching every filter given, oldest first, with the seq to pass as `afterSeq` for the next page. */
export function queryDecisions(db: Database.Database, input: DecisionQuery): { entries: DecisionEntry[]; nextAfterSeq?: number } {
  const q = parseInput(DecisionQuery, input, 'decision query');
  const where = ['d.tenant = ?'];
  const params: (string | number)[] = [q.tenant];
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = q[key as keyof typeof q];
    if (value !== undefined) {
      where.push(`d.${column} = ?`);
      params.push(value as string);
    }
  }
  const refs = Object.entries(REFS).flatMap(([key, type]) => {
    const value = q[key as keyof typeof REFS];
    return value === undefined ? [] : [{ type, value }];
  });
  // A decision names a handful of objects: the first ref filter drives the query through decision_refs, whose key
  // lists an object's decisions in seq order, so a query about one order reads that order's rows, not the tenant's log.
  const [driver, ...more] = refs;
  for (const ref of more) {
    where.push('d.seq IN (SELECT seq FROM decision_refs WHERE ref_type = ? AND ref_id = ?)');
    params.push(ref.type, ref.value);
  }
  const bounds: [string, string | number | undefined][] = [['d.at >= ?', q.from], ['d.at <= ?', q.to], ['d.seq > ?', q.afterSeq]];
  for (const [clause, value] of bounds) {
    if (value === undefined) continue;
    where.push(clause);
    params.push(value);
  }
  const sql = driver
    ? `SELECT d.seq, d.body, d.prev_hash, d.hash FROM decision_refs r CROSS JOIN decision_log d ON d.seq = r.seq
       WHERE r.ref_type = ? AND r.ref_id = ? AND ${where.join(' AND ')} ORDER BY r.seq LIMIT ?`
    : `SELECT d.seq, d.body, d.prev_hash, d.hash FROM decision_log d WHERE ${where.join(' AND ')} ORDER BY d.seq LIMIT ?`;
  const rows = db.prepare(sql).all(...(driver ? [driver.type, driver.value] : []), ...params, q.limit + 1) as { seq: number; body: string; prev_hash: string; hash: string }[];
  const entries = rows.slice(0, q.limit).map(entryFromRow);
  const last = entries[entries.length - 1];
  return rows.length > q.limit && last ? { entries, nextAfterSeq: last.seq } : { entries };
}

/** The fields of a decision that reports count, without its proposal's body. */
export interface DecisionOutline {
  seq: number;
  at: string;
  agent: string;
  kind: DecisionEntry['kind'];
  level: DecisionEntry['level'];
  outcome: DecisionEntry['outcome'];
  /** The proposal payload's `orderId` and `shipmentId`, when they are strings. */
  orderId: string | undefined;
  shipmentId: string | undefined;
  /** The type of the event the proposal answered, when an event triggered it. */
  eventType: string | undefined;
}

/**
 * Every decision of a tenant, oldest first, as outlines. SQLite reads the few fields out of each stored body: a whole
 * day's log parsed entry by entry in JavaScript took seconds at the end of a replay.
 */
export function* decisionOutlines(db: Database.Database, tenant: string): Generator<DecisionOutline> {
  const rows = db.prepare(`
    SELECT seq, at, agent, kind, outcome, body ->> '$.level' AS level,
      CASE json_type(body, '$.proposal.payload.orderId') WHEN 'text' THEN body ->> '$.proposal.payload.orderId' END AS orderId,
      CASE json_type(body, '$.proposal.payload.shipmentId') WHEN 'text' THEN body ->> '$.proposal.payload.shipmentId' END AS shipmentId,
      CASE json_type(body, '$.proposal.trigger.eventType') WHEN 'text' THEN body ->> '$.proposal.trigger.eventType' END AS eventType
    FROM decision_log WHERE tenant = ? ORDER BY seq`);
  for (const r of rows.iterate(tenant) as Iterable<Record<keyof DecisionOutline, string | number | null>>) {
    yield {
      seq: r.seq as number, at: r.at as string, agent: r.agent as string, kind: r.kind as DecisionOutline['kind'], level: r.level as DecisionOutline['level'],
      outcome: r.outcome as DecisionOutline['outcome'], orderId: (r.orderId as string | null) ?? undefined, shipmentId: (r.shipmentId as string | null) ?? undefined,
      eventType: (r.eventType as string | null) ?? undefined,
    };
  }
}
