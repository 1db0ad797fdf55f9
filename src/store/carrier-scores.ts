/** Carrier scores as Marshal observes them, updated by executed `carrier.score` actions. */
import { type Clock, toIso } from '../domain/index.ts';
import type { Db } from './sqlite.ts';

export interface CarrierScore {
  carrierId: string;
  delivered: number;
  onTime: number;
  /** Count per exception code (`damaged`, `refused`, `not_home`...). */
  exceptions: Record<string, number>;
}

/** The carrier-scores repository. */
export function carrierScores(db: Db, clock: Clock) {
  const get = (tenant: string, carrierId: string): CarrierScore => {
    const row = db.prepare('SELECT delivered, on_time, exceptions FROM carrier_scores WHERE tenant = ? AND carrier_id = ?').get(tenant, carrierId) as
      | { delivered: number; on_time: number; exceptions: string }
      | undefined;
    return row ? { carrierId, delivered: row.delivered, onTime: row.on_time, exceptions: JSON.parse(row.exceptions) as Record<string, number> } : { carrierId, delivered: 0, onTime: 0, exceptions: {} };
  };
  return {
    get,
    /** Adds one outcome: a delivery on time or late, or an exception with its code. */
    record(tenant: string, carrierId: string, outcome: { onTime: boolean; exceptionCode?: string | undefined }): CarrierScore {
      const s = get(tenant, carrierId);
      const next: CarrierScore = {
        carrierId, delivered: s.delivered + (outcome.exceptionCode ? 0 : 1), onTime: s.onTime + (!outcome.exceptionCode && outcome.onTime ? 1 : 0),
        exceptions: outcome.exceptionCode ? { ...s.exceptions, [outcome.exceptionCode]: (s.exceptions[outcome.exceptionCode] ?? 0) + 1 } : s.exceptions,
      };
      db.prepare(
        `INSERT INTO carrier_scores (tenant, carrier_id, delivered, on_time, exceptions, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant, carrier_id) DO UPDATE SET delivered = excluded.delivered, on_time = excluded.on_time, exceptions = excluded.exceptions, updated_at = excluded.updated_at`,
      ).run(tenant, carrierId, next.delivered, next.onTime, JSON.stringify(next.exceptions), toIso(clock.now()));
      return next;
    },
  };
}
