-- Idempotency-Key on every write with a side effect (payments keep their key on the payment row).
-- A key is its sender's (person:<username>, shopper:<id>, anonymous:<address>) and one operation's
-- (method and path): the first request reserves it ('in_flight'), its 2xx answer is kept ('done')
-- and replayed to the same request again. created_at is on the world's clock: a key is kept 24
-- hours of that clock, so moving a sandbox's clock past it frees the key.
CREATE TABLE idempotency_keys (
  scope           TEXT NOT NULL,
  idem_key        TEXT NOT NULL,
  operation       TEXT NOT NULL,
  request_hash    TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
  response_status INTEGER,
  response_headers TEXT,
  response_body   TEXT,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (scope, idem_key, operation)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The latest API requests of this world, like a payment provider's request log: the newest
-- 1,000 are kept (the trigger drops older ones on each insert, by primary key).
CREATE TABLE api_requests (
  id              INTEGER PRIMARY KEY,
  request_id      TEXT NOT NULL,
  method          TEXT NOT NULL,
  path            TEXT NOT NULL,
  status          INTEGER NOT NULL,
  duration_ms     REAL NOT NULL,
  person          TEXT,
  idempotency_key TEXT,
  replayed        INTEGER NOT NULL CHECK (replayed IN (0, 1)),
  problem_code    TEXT,
  world_at        TEXT NOT NULL,
  real_at         TEXT NOT NULL
);
CREATE INDEX api_requests_person ON api_requests (person, id);
CREATE TRIGGER api_requests_keep_latest AFTER INSERT ON api_requests
BEGIN
  DELETE FROM api_requests WHERE id <= NEW.id - 1000;
END;
