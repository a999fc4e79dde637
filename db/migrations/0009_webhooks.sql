-- Webhooks: endpoints (subscriptions) and an outbox of deliveries. A delivery row is written in
-- the same transaction as the change it reports, so the change and its webhook commit together.
-- Nothing is deleted: a removed endpoint is marked deleted and its undelivered rows cancelled.

CREATE TABLE webhook_endpoints (
  id          TEXT PRIMARY KEY,                       -- wh_…
  url         TEXT NOT NULL,
  events      TEXT NOT NULL,                          -- JSON array of event types or patterns (integration.*)
  secret      TEXT NOT NULL,                          -- whsec_<base64>, Standard Webhooks
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),
  deleted_at  TEXT
);

CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,                   -- msg_…: the webhook-id header, the same on every retry
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id),
  event_type      TEXT NOT NULL,
  payload         TEXT NOT NULL,                      -- the exact body that is signed and sent
  created_at      TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,                               -- set while pending
  last_attempt_at TEXT,
  last_status     INTEGER,
  last_error      TEXT,
  delivered_at    TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
  delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries(id),
  attempt      INTEGER NOT NULL,
  at           TEXT NOT NULL,
  status_code  INTEGER,                               -- null: no answer (refused, timed out)
  error        TEXT,
  duration_ms  INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
