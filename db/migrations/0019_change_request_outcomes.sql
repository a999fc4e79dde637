-- A held change is now rejected (by whoever may approve it, with a reason) or withdrawn (by its author),
-- as well as applied: the status takes those two, and the decision's reason is kept beside who and when.
-- SQLite cannot change a CHECK in place: the table is copied, every row kept.
CREATE TABLE change_requests_new (
  id               INTEGER PRIMARY KEY,
  integration_id   INTEGER NOT NULL REFERENCES integrations(id),
  verb             TEXT NOT NULL CHECK (verb IN ('launch', 'adjust')),
  expected_version INTEGER NOT NULL,
  reason           TEXT NOT NULL,
  effective_at     TEXT,
  rules            TEXT NOT NULL,
  requested_by     TEXT NOT NULL,
  requested_at     TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected', 'withdrawn')),
  decided_by       TEXT,
  decided_at       TEXT,
  decision_reason  TEXT
);
INSERT INTO change_requests_new (id, integration_id, verb, expected_version, reason, effective_at, rules, requested_by, requested_at, status, decided_by, decided_at)
  SELECT id, integration_id, verb, expected_version, reason, effective_at, rules, requested_by, requested_at, status, decided_by, decided_at FROM change_requests;
DROP TABLE change_requests;
ALTER TABLE change_requests_new RENAME TO change_requests;
CREATE INDEX change_requests_pending ON change_requests (integration_id) WHERE status = 'pending';
