-- Bearer tokens for the JSON API. Only the SHA-256 of a token is stored; a revoked
-- token keeps its row (with revoked_at) so the account page can show its history.

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  token_hash   TEXT NOT NULL UNIQUE,
  label        TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);
