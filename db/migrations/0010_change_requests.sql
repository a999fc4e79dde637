-- Per storefront group: launch and adjust need a second operator (off unless a group turns it on).
CREATE TABLE group_policies (
  group_slug      TEXT PRIMARY KEY REFERENCES storefront_groups(slug),
  second_operator INTEGER NOT NULL DEFAULT 0 CHECK (second_operator IN (0, 1)),
  updated_by      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- A launch or adjust asked for under that policy, waiting for another operator; kept when decided.
CREATE TABLE change_requests (
  id               INTEGER PRIMARY KEY,
  integration_id   INTEGER NOT NULL REFERENCES integrations(id),
  verb             TEXT NOT NULL CHECK (verb IN ('launch', 'adjust')),
  expected_version INTEGER NOT NULL,
  reason           TEXT NOT NULL,
  effective_at     TEXT,
  rules            TEXT NOT NULL,
  requested_by     TEXT NOT NULL,
  requested_at     TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied')),
  decided_by       TEXT,
  decided_at       TEXT
);
CREATE INDEX change_requests_pending ON change_requests (integration_id) WHERE status = 'pending';
