/** Governance state beside the log: pending reviews, kill switches, policy versions and the outbox of approved actions. */
import type { Migration } from '../sqlite.ts';

export const governance: Migration = {
  version: 3,
  name: 'governance',
  sql: `
    CREATE TABLE reviews (
      id TEXT PRIMARY KEY,
      tenant TEXT NOT NULL,
      decision_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      agent TEXT NOT NULL,
      role TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
      decided_by TEXT,
      decided_at TEXT,
      reason TEXT,
      result_decision_id TEXT,
      proposal TEXT NOT NULL
    ) STRICT;
    CREATE INDEX reviews_by_status ON reviews (tenant, status, created_at);
    CREATE INDEX reviews_by_expiry ON reviews (status, expires_at);

    CREATE TABLE kill_switches (
      tenant TEXT NOT NULL,
      scope TEXT NOT NULL CHECK (scope IN ('agent', 'kind')),
      name TEXT NOT NULL,
      is_on INTEGER NOT NULL,
      set_by TEXT NOT NULL,
      reason TEXT NOT NULL,
      set_at TEXT NOT NULL,
      decision_id TEXT NOT NULL,
      PRIMARY KEY (tenant, scope, name)
    ) STRICT;

    CREATE TABLE policy_versions (
      version INTEGER PRIMARY KEY,
      hash TEXT NOT NULL,
      doc TEXT NOT NULL,
      source TEXT NOT NULL,
      loaded_at TEXT NOT NULL,
      decision_id TEXT
    ) STRICT;

    -- Actions on their way to a system of record. Only an action the log shows executed or approved (or, for a
    -- compensating action, overridden) gets in.
    CREATE TABLE outbox (
      id TEXT PRIMARY KEY,
      tenant TEXT NOT NULL,
      decision_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      action TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_error TEXT,
      created_at TEXT NOT NULL,
      delivered_at TEXT,
      -- L2: until when a human may revert it
      override_until TEXT
    ) STRICT;
    CREATE INDEX outbox_by_decision ON outbox (decision_id);
    CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    CREATE TRIGGER outbox_needs_decision BEFORE INSERT ON outbox
      WHEN NOT EXISTS (SELECT 1 FROM decision_log WHERE id = NEW.decision_id AND outcome IN ('executed', 'approved', 'overridden') AND kind = NEW.kind)
      BEGIN SELECT RAISE(ABORT, 'outbox: an action needs a decision in the log that executed or approved it'); END;
  `,
};
