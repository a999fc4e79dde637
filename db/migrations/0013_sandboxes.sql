-- Sandboxes: isolated worlds, each a SQLite file of its own with its own frozen clock (kept in
-- that file's settings). This table, in the default world's database, lists them so a restarted
-- server serves them again and an idle one can be expired. Times here are wall-clock times.

CREATE TABLE sandboxes (
  id            TEXT PRIMARY KEY,                     -- sb_…
  scenario      TEXT NOT NULL,                        -- record, walled, open, or inline
  file          TEXT NOT NULL,                        -- the world's SQLite file name, in HUTONG_SANDBOX_DIR
  created_by    TEXT NOT NULL,                        -- a username, or anonymous (HUTONG_DEMO=1)
  created_at    TEXT NOT NULL,
  last_used_at  TEXT NOT NULL,
  deleted_at    TEXT,
  deleted_why   TEXT CHECK (deleted_why IN ('deleted', 'expired'))
);
CREATE INDEX sandboxes_live ON sandboxes (last_used_at) WHERE deleted_at IS NULL;
