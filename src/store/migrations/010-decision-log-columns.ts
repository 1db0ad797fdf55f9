/**
 * The decision log's queryable columns become plain columns the ledger fills from the values it hashes, instead of
 * STORED generated columns: each generated column re-read the JSON body on every append (issue 4). Rebuilds
 * decision_log and decision_refs, copying every row; the append-only triggers and the outbox check come back as before.
 */
import type { Migration } from '../sqlite.ts';

const APPEND_ONLY = 'is append-only: a decision is never changed or removed; record a new decision that refers to it';

export const decisionLogColumns: Migration = {
  version: 10,
  name: 'decision-log-columns',
  sql: `
    -- The outbox trigger names decision_log, and SQLite refuses to rename a table while a trigger names a missing one.
    DROP TRIGGER outbox_needs_decision;
    DROP TRIGGER decision_log_no_update;
    DROP TRIGGER decision_log_no_delete;
    DROP TRIGGER decision_refs_no_update;
    DROP TRIGGER decision_refs_no_delete;

    CREATE TABLE decision_log_v10 (
      seq INTEGER PRIMARY KEY,
      -- canonical JSON of the entry without prevHash and hash; hash = sha256(prev_hash || body)
      body TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      -- copies of body fields, written by the ledger in the same INSERT from the object it hashed; verify reads
      -- the seq from the body itself, so no column stands in for it
      id TEXT,
      at TEXT,
      tenant TEXT,
      event_id TEXT,
      correlation_id TEXT,
      agent TEXT,
      kind TEXT,
      outcome TEXT,
      refers_to TEXT,
      proposal_id TEXT
    ) STRICT;
    INSERT INTO decision_log_v10 (seq, body, prev_hash, hash, id, at, tenant, event_id, correlation_id, agent, kind, outcome, refers_to, proposal_id)
      SELECT seq, body, prev_hash, hash, id, at, tenant, event_id, correlation_id, agent, kind, outcome, refers_to, proposal_id
      FROM decision_log ORDER BY seq;

    CREATE TABLE decision_refs_v10 (
      seq INTEGER NOT NULL REFERENCES decision_log_v10(seq),
      ref_type TEXT NOT NULL,
      ref_id TEXT NOT NULL,
      PRIMARY KEY (ref_type, ref_id, seq)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO decision_refs_v10 (seq, ref_type, ref_id) SELECT seq, ref_type, ref_id FROM decision_refs;

    -- Children first: the old refs point at the old log.
    DROP TABLE decision_refs;
    DROP TABLE decision_log;
    -- Renaming also repoints decision_refs' foreign key.
    ALTER TABLE decision_log_v10 RENAME TO decision_log;
    ALTER TABLE decision_refs_v10 RENAME TO decision_refs;

    CREATE UNIQUE INDEX decision_log_id ON decision_log (id);
    CREATE INDEX decision_log_tenant_at ON decision_log (tenant, at);
    -- Partial where most rows hold NULL, so an append touches only the indexes that can find it.
    CREATE INDEX decision_log_event ON decision_log (event_id) WHERE event_id IS NOT NULL;
    CREATE INDEX decision_log_correlation ON decision_log (correlation_id) WHERE correlation_id IS NOT NULL;
    CREATE INDEX decision_log_refers ON decision_log (refers_to) WHERE refers_to IS NOT NULL;
    -- governance/decide.ts: the decision first taken on a proposal (proposal_id = ? AND refers_to IS NULL).
    CREATE INDEX decision_log_proposal ON decision_log (proposal_id) WHERE proposal_id IS NOT NULL AND refers_to IS NULL;

    CREATE TRIGGER decision_log_no_update BEFORE UPDATE ON decision_log
      BEGIN SELECT RAISE(ABORT, 'decision_log ${APPEND_ONLY}'); END;
    CREATE TRIGGER decision_log_no_delete BEFORE DELETE ON decision_log
      BEGIN SELECT RAISE(ABORT, 'decision_log ${APPEND_ONLY}'); END;
    CREATE TRIGGER decision_refs_no_update BEFORE UPDATE ON decision_refs
      BEGIN SELECT RAISE(ABORT, 'decision_refs ${APPEND_ONLY}'); END;
    CREATE TRIGGER decision_refs_no_delete BEFORE DELETE ON decision_refs
      BEGIN SELECT RAISE(ABORT, 'decision_refs ${APPEND_ONLY}'); END;

    -- As in migration 3, unchanged.
    CREATE TRIGGER outbox_needs_decision BEFORE INSERT ON outbox
      WHEN NOT EXISTS (SELECT 1 FROM decision_log WHERE id = NEW.decision_id AND outcome IN ('executed', 'approved', 'overridden') AND kind = NEW.kind)
      BEGIN SELECT RAISE(ABORT, 'outbox: an action needs a decision in the log that executed or approved it'); END;
  `,
};
