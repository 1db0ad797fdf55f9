/** What every governance operation shares: the database, the clock, the log, the active policy and the model id. */
import type Database from 'better-sqlite3';
import { type Clock, MarshalError } from '../domain/index.ts';
import type { Ledger } from '../ledger/index.ts';
import type { Policy } from '../policies/index.ts';

export interface GovernanceContext {
  db: Database.Database;
  clock: Clock;
  ledger: Ledger;
  /** The policy in force and its hash; changes only through `setPolicy`, which logs it. */
  policy(): { policy: Policy; hash: string };
  /** The model behind proposals (`offline` without one), recorded on every entry. */
  model: string;
}

/** Who acts: a person or system with a role, on behalf of one tenant. */
export interface Actor {
  /** `user:dana`, `key:erp-webhook`... */
  id: string;
  role: 'integration' | 'dispatcher' | 'finance' | 'auditor' | 'admin';
  tenant: string;
}

/** The policy refuses this actor or this act (wrong role, closed window): 403, never retried. */
export class PolicyError extends MarshalError {
  constructor(code: string, message: string) {
    super(code, 'policy', message);
  }
}
