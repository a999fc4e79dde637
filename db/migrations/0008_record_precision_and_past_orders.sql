-- The record's dates gain two precisions the articles use: `before` (an open "by then"
-- bound, e.g. walled gardens "for years") and `expected` (announced for a day, not
-- reported done). SQLite cannot change a CHECK constraint, so integration_events and
-- milestones are rebuilt with the same columns, rows and indexes.
-- An order placed while time-travelling (`?asOf=` on the checkout) keeps the time it was
-- decided for in `placed_as_of`; NULL means it was placed for "now".

CREATE TABLE integration_events_with_precision (
  id              INTEGER PRIMARY KEY,
  integration_id  INTEGER NOT NULL REFERENCES integrations(id),
  version         INTEGER NOT NULL,
  verb            TEXT NOT NULL,
  from_state      TEXT NOT NULL,
  to_state        TEXT NOT NULL,
  actor           TEXT NOT NULL,
  actor_role      TEXT NOT NULL DEFAULT 'record',
  reason          TEXT NOT NULL DEFAULT '',
  recorded_at     TEXT NOT NULL,
  effective_at    TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled')),
  cancelled_at    TEXT,
  rollout_percent INTEGER NOT NULL,
  channels        TEXT NOT NULL,
  min_amount_fen  INTEGER,
  max_amount_fen  INTEGER,
  display_order   INTEGER NOT NULL,
  source_file     TEXT,
  date_precision  TEXT NOT NULL DEFAULT 'exact'
                  CHECK (date_precision IN ('exact','day','month','approximate','before','expected')),
  date_note       TEXT NOT NULL DEFAULT '',
  UNIQUE (integration_id, version)
);
INSERT INTO integration_events_with_precision SELECT * FROM integration_events;
DROP TABLE integration_events;
ALTER TABLE integration_events_with_precision RENAME TO integration_events;
CREATE INDEX integration_events_by_effective ON integration_events (integration_id, status, effective_at, id);
CREATE INDEX integration_events_review_by_time ON integration_events (effective_at);
CREATE INDEX integration_events_review_by_actor ON integration_events (actor, effective_at);
CREATE INDEX integration_events_review_by_verb ON integration_events (verb, effective_at);
CREATE INDEX integration_events_review_scheduled_by_time ON integration_events (effective_at, recorded_at) WHERE recorded_at < effective_at;

CREATE TABLE milestones_with_precision (
  id             INTEGER PRIMARY KEY,
  slug           TEXT NOT NULL UNIQUE,
  title          TEXT NOT NULL,
  effective_at   TEXT NOT NULL,
  date_precision TEXT NOT NULL CHECK (date_precision IN ('exact','day','month','approximate','before','expected')),
  date_note      TEXT NOT NULL DEFAULT '',
  source_file    TEXT
);
INSERT INTO milestones_with_precision SELECT * FROM milestones;
DROP TABLE milestones;
ALTER TABLE milestones_with_precision RENAME TO milestones;

ALTER TABLE orders ADD COLUMN placed_as_of TEXT;
