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

/** The WHERE clause (over `decision_log d`) and its parameters for a parsed query; `driver` is the ref that leads the query. */
function filtersOf(q: z.output<typeof DecisionQuery>) {
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
  return { where, params, driver };
}

type Row = { seq: number; body: string; prev_hash: string; hash: string };

/** Rows matching the filters (and with one of `outcomes`, when given), in seq order one way or the other, at most `limit`. */
function select(db: Database.Database, q: z.output<typeof DecisionQuery>, outcomes: readonly DecisionOutcome[] | undefined, order: 'ASC' | 'DESC', limit: number): Row[] {
  const { where, params, driver } = filtersOf(q);
  if (outcomes) {
    where.push(`d.outcome IN (${outcomes.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...outcomes);
  }
  const sql = driver
    ? `SELECT d.seq, d.body, d.prev_hash, d.hash FROM decision_refs r CROSS JOIN decision_log d ON d.seq = r.seq
       WHERE r.ref_type = ? AND r.ref_id = ? AND ${where.join(' AND ')} ORDER BY r.seq ${order} LIMIT ?`
    : `SELECT d.seq, d.body, d.prev_hash, d.hash FROM decision_log d WHERE ${where.join(' AND ')} ORDER BY d.seq ${order} LIMIT ?`;
  return db.prepare(sql).all(...(driver ? [driver.type, driver.value] : []), ...params, limit) as Row[];
}

/** Decisions matching every filter given, oldest first, with the seq to pass as `afterSeq` for the next page. */
export function queryDecisions(db: Database.Database, input: DecisionQuery): { entries: DecisionEntry[]; nextAfterSeq?: number } {
  const q = parseInput(DecisionQuery, input, 'decision query');
  const rows = select(db, q, undefined, 'ASC', q.limit + 1);
  const entries = rows.slice(0, q.limit).map(entryFromRow);
  const last = entries[entries.length - 1];
  return rows.length > q.limit && last ? { entries, nextAfterSeq: last.seq } : { entries };
}

/** Every decision matching the filters whose outcome is one of `outcomes`, oldest first, however many there are. */
export function decisionsWithOutcome(db: Database.Database, input: Omit<DecisionQuery, 'outcome' | 'limit'>, outcomes: readonly DecisionOutcome[]): DecisionEntry[] {
  const entries: DecisionEntry[] = [];
  for (let after = input.afterSeq; ;) {
    const q = parseInput(DecisionQuery, { ...input, afterSeq: after, limit: 1000 }, 'decision query');
    const rows = select(db, q, outcomes, 'ASC', 1000);
    entries.push(...rows.map(entryFromRow));
    if (rows.length < 1000) return entries;
    after = rows[rows.length - 1]!.seq;
  }
}

/** The newest decision matching the filters whose outcome is one of `outcomes`, if any: one row read, not all of them. */
export function lastDecisionWithOutcome(db: Database.Database, input: Omit<DecisionQuery, 'outcome' | 'limit'>, outcomes: readonly DecisionOutcome[]): DecisionEntry | undefined {
  const q = parseInput(DecisionQuery, input, 'decision query');
  const row = select(db, q, outcomes, 'DESC', 1)[0];
  return row ? entryFromRow(row) : undefined;
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
