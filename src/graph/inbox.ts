/** The durable inbox: an event is stored (once) before it is acknowledged, then handed out in arrival order. */
import type Database from 'better-sqlite3';
import { type Clock, correlationKeyOf, type MarshalEvent, parseEvent, toIso } from '../domain/index.ts';
import { statement } from '../store/index.ts';

export interface Accepted {
  seq: number;
  /** True when this event (same tenant, source and id) was already in the inbox: acknowledge, do nothing. */
  duplicate: boolean;
}

export interface InboxItem {
  seq: number;
  event: MarshalEvent;
  correlationKey: string;
  attempts: number;
}

/** The inbox over a Marshal database (with the inbox migration). */
export function openInbox(db: Database.Database, clock: Clock) {
  const insert = db.prepare(
    `INSERT INTO inbox (tenant, source, id, type, correlation_key, received_at, body, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
     ON CONFLICT (tenant, source, id) DO NOTHING`,
  );
  const existing = db.prepare('SELECT seq FROM inbox WHERE tenant = ? AND source = ? AND id = ?').pluck();
  const next = db.prepare("SELECT seq, body, correlation_key, attempts FROM inbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?");
  const finish = db.prepare('UPDATE inbox SET status = ?, processed_at = ?, error = ?, attempts = attempts + 1 WHERE seq = ?');
  const storeNow = (event: MarshalEvent): Accepted => {
    const result = insert.run(event.tenant, event.source, event.id, event.type, correlationKeyOf(event), toIso(clock.now()), JSON.stringify(event));
    if (result.changes === 1) return { seq: Number(result.lastInsertRowid), duplicate: false };
    return { seq: existing.get(event.tenant, event.source, event.id) as number, duplicate: true };
  };

  // Group commit: a commit costs several times an insert, so the events that arrive in one turn of the event loop
  // are stored in one transaction, and each caller hears only once its event is committed.
  let batch: { event: MarshalEvent; resolve: (a: Accepted) => void; reject: (e: unknown) => void }[] = [];
  const storeMany = db.transaction((events: MarshalEvent[]) => events.map(storeNow));
  let commits = 0;
  const flush = () => {
    const items = batch;
    batch = [];
    commits++;
    let results: Accepted[];
    try {
      results = storeMany(items.map((i) => i.event));
    } catch {
      // One event the database refuses must not fail the others: store them one by one.
      for (const item of items) {
        try {
          item.resolve(storeNow(item.event));
        } catch (error) {
          item.reject(error);
        }
      }
      return;
    }
    items.forEach((item, i) => item.resolve(results[i]!));
  };

  return {
    /** Validates and stores an event; a redelivery is reported as a duplicate and changes nothing. */
    accept(raw: unknown): Accepted {
      return storeNow(parseEvent(raw));
    },
    /** Stores an event its caller has validated with `parseEvent`, committed with the others of this turn; as `accept`. */
    store(event: MarshalEvent): Promise<Accepted> {
      return new Promise((resolve, reject) => {
        if (batch.length === 0) setImmediate(flush);
        batch.push({ event, resolve, reject });
      });
    },
    /** How many group commits `store` has made: the runner watches it to let intake go first. */
    commits: () => commits,
    /** Pending events after `afterSeq`, oldest first. */
    pending(limit = 100, afterSeq = 0): InboxItem[] {
      const rows = next.all(afterSeq, limit) as { seq: number; body: string; correlation_key: string; attempts: number }[];
      return rows.map((r) => ({ seq: r.seq, event: parseEvent(JSON.parse(r.body)), correlationKey: r.correlation_key, attempts: r.attempts }));
    },
    /** Marks an event processed. */
    done(seq: number): void {
      finish.run('done', toIso(clock.now()), null, seq);
    },
    /** Marks an event failed for good, with the error; it stays visible for replay. */
    failed(seq: number, error: string): void {
      finish.run('failed', toIso(clock.now()), error.slice(0, 2000), seq);
    },
    /** The tenant's events marked failed, oldest first, with their errors. */
    failures(tenant: string): { eventId: string; type: MarshalEvent['type']; error: string }[] {
      const sql = "SELECT id AS eventId, type, error FROM inbox WHERE tenant = ? AND status = 'failed' ORDER BY seq";
      return statement(db, sql).all(tenant) as { eventId: string; type: MarshalEvent['type']; error: string }[];
    },
    counts(): Record<'pending' | 'done' | 'failed', number> {
      const rows = statement(db, 'SELECT status, count(*) AS n FROM inbox GROUP BY status').all() as { status: 'pending' | 'done' | 'failed'; n: number }[];
      const out = { pending: 0, done: 0, failed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
  };
}

export type Inbox = ReturnType<typeof openInbox>;
