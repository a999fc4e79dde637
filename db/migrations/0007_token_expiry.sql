-- API tokens expire: the lifetime is chosen when a token is made (30 days unless asked
-- otherwise) and an expired token is refused like a revoked one. Tokens made before this
-- migration get 30 days from when it runs, so no script stops working the moment it does.
-- SQLite cannot add a NOT NULL column without a constant default, so the table is rebuilt.

CREATE TABLE api_tokens_with_expiry (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  token_hash   TEXT NOT NULL UNIQUE,
  label        TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT,
  expires_at   TEXT NOT NULL
);

INSERT INTO api_tokens_with_expiry (id, user_id, token_hash, label, prefix, created_at, last_used_at, revoked_at, expires_at)
  SELECT id, user_id, token_hash, label, prefix, created_at, last_used_at, revoked_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+30 days')
  FROM api_tokens;

DROP TABLE api_tokens;
ALTER TABLE api_tokens_with_expiry RENAME TO api_tokens;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);
