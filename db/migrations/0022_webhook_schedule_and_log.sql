-- Webhooks a receiver can trust: a per-world sequence on every message, endpoints that can be
-- edited (versioned), disabled (by hand, or by a 410 Gone) and enabled, secrets rotated with a
-- 24-hour overlap, faults asked for on purpose (sandboxes only), and a log of every attempt.

-- An endpoint is `active` or `deleted` as before; disabled_at set means disabled (kept apart from
-- status so the CHECK of 0009 need not be rebuilt), with why in disabled_reason.
ALTER TABLE webhook_endpoints ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE webhook_endpoints ADD COLUMN updated_at TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN disabled_at TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN disabled_reason TEXT;
-- After a rotation the previous secret also signs until previous_secret_until (the world's clock).
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_until TEXT;
-- JSON { duplicate?, delaySeconds?, shuffleWindow?, seed? }: faults a sandbox endpoint asks for.
ALTER TABLE webhook_endpoints ADD COLUMN faults TEXT;

-- sequence: one per message of this world (the same for every endpoint it is sent to), in the order
-- the messages were written; created_real_at: the real time it was written (created_at is the world's).
-- round_start: the attempts made before the current round (a resend starts a new round of the schedule).
ALTER TABLE webhook_deliveries ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_deliveries ADD COLUMN created_real_at TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN round_start INTEGER NOT NULL DEFAULT 0;
UPDATE webhook_deliveries SET sequence = rowid, created_real_at = created_at;
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (endpoint_id, sequence) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_sequence ON webhook_deliveries (sequence);

-- What each attempt sent and got: the request's headers (JSON), the first 2 KB of the answer's
-- body, when the next attempt was then due, and the fault it played (duplicate, delayed, shuffled).
ALTER TABLE webhook_attempts ADD COLUMN request_headers TEXT;
ALTER TABLE webhook_attempts ADD COLUMN response_body TEXT;
ALTER TABLE webhook_attempts ADD COLUMN next_attempt_at TEXT;
ALTER TABLE webhook_attempts ADD COLUMN fault TEXT;
