-- People who sign in to the console, their sessions, and the sign-in throttle.
-- A password is stored as `scrypt$N$r$p$salt$hash` so its parameters travel with it;
-- a session is stored as the SHA-256 of its id, never the id itself.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE CHECK (username = lower(username)),
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('operator','reviewer','admin','viewer')),
  group_slug    TEXT REFERENCES storefront_groups(slug),
  provider_slug TEXT REFERENCES providers(slug),
  password_hash TEXT NOT NULL,
  is_demo       INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at    TEXT NOT NULL,
  CHECK ((role = 'operator') = (group_slug IS NOT NULL)),
  CHECK ((role = 'reviewer') = (provider_slug IS NOT NULL))
);

CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- One row per (username, address) with recent failures; removed on a successful sign-in.
CREATE TABLE sign_in_throttle (
  username          TEXT NOT NULL,
  address           TEXT NOT NULL,
  failures          INTEGER NOT NULL,
  window_started_at TEXT NOT NULL,
  locked_until      TEXT,
  PRIMARY KEY (username, address)
);
