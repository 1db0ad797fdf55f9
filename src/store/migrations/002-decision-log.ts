/** The decision log: append-only, hash-chained; every queryable column is derived from the hashed body. */
import type { Migration } from '../sqlite.ts';

const APPEND_ONLY = 'is append-only: a decision is never changed or removed; record a new decision that refers to it';

export const decisionLog: Migration = {
  version: 2,
  name: 'decision-log',
  sql: `
    CREATE TABLE decision_log (
      seq INTEGER PRIMARY KEY,
      -- canonical JSON of the entry without prevHash and hash; hash = sha256(prev_hash || body)
      body TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      -- stored, so verify reads it without parsing the body; an UPDATE of body recomputes it
      body_seq INTEGER GENERATED ALWAYS AS (json_extract(body, '$.seq')) STORED,
      id TEXT GENERATED ALWAYS AS (json_extract(body, '$.id')) STORED,
      at TEXT GENERATED ALWAYS AS (json_extract(body, '$.at')) STORED,
      tenant TEXT GENERATED ALWAYS AS (json_extract(body, '$.tenant')) STORED,
      event_id TEXT GENERATED ALWAYS AS (json_extract(body, '$.eventId')) STORED,
      correlation_id TEXT GENERATED ALWAYS AS (json_extract(body, '$.correlationId')) STORED,
      agent TEXT GENERATED ALWAYS AS (json_extract(body, '$.agent')) STORED,
      kind TEXT GENERATED ALWAYS AS (json_extract(body, '$.kind')) STORED,
      outcome TEXT GENERATED ALWAYS AS (json_extract(body, '$.outcome')) STORED,
      refers_to TEXT GENERATED ALWAYS AS (json_extract(body, '$.refersTo')) STORED
    ) STRICT;
    CREATE UNIQUE INDEX decision_log_id ON decision_log (id);
    CREATE INDEX decision_log_tenant_at ON decision_log (tenant, at);
    CREATE INDEX decision_log_event ON decision_log (event_id);
    CREATE INDEX decision_log_correlation ON decision_log (correlation_id);
    CREATE INDEX decision_log_refers ON decision_log (refers_to);

    -- What each decision is about (orders, shipments, vehicles...), for queries; written with the entry.
    CREATE TABLE decision_refs (
      seq INTEGER NOT NULL REFERENCES decision_log(seq),
      ref_type TEXT NOT NULL,
      ref_id TEXT NOT NULL,
      PRIMARY KEY (ref_type, ref_id, seq)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER decision_log_no_update BEFORE UPDATE ON decision_log
      BEGIN SELECT RAISE(ABORT, 'decision_log ${APPEND_ONLY}'); END;
    CREATE TRIGGER decision_log_no_delete BEFORE DELETE ON decision_log
      BEGIN SELECT RAISE(ABORT, 'decision_log ${APPEND_ONLY}'); END;
    CREATE TRIGGER decision_refs_no_update BEFORE UPDATE ON decision_refs
      BEGIN SELECT RAISE(ABORT, 'decision_refs ${APPEND_ONLY}'); END;
    CREATE TRIGGER decision_refs_no_delete BEFORE DELETE ON decision_refs
      BEGIN SELECT RAISE(ABORT, 'decision_refs ${APPEND_ONLY}'); END;
  `,
};
