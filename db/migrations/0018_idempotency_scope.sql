-- An Idempotency-Key belongs to whoever sent it, as a payment provider scopes keys to an account:
-- the API token's person (person:<username>) or the shopper (shopper:<id>). Two senders may use the
-- same key, each for a payment of their own, and neither learns that the other used it. Keys sent
-- before this were sent by the shopper who placed the order.
CREATE TABLE payments_v18 (
  id                INTEGER PRIMARY KEY,
  order_id          TEXT NOT NULL REFERENCES orders(id),
  wallet_slug       TEXT NOT NULL REFERENCES wallets(slug),
  idempotency_scope TEXT NOT NULL,
  idempotency_key   TEXT NOT NULL,
  request_hash      TEXT NOT NULL,
  outcome           TEXT NOT NULL CHECK (outcome IN ('succeeded','declined','cancelled','expired')),
  scanned_with      TEXT,
  created_at        TEXT NOT NULL,
  UNIQUE (idempotency_scope, idempotency_key)
);
INSERT INTO payments_v18 (id, order_id, wallet_slug, idempotency_scope, idempotency_key, request_hash, outcome, scanned_with, created_at)
  SELECT p.id, p.order_id, p.wallet_slug, coalesce('shopper:' || o.shopper_id, 'shopper:'), p.idempotency_key, p.request_hash,
    p.outcome, p.scanned_with, p.created_at
  FROM payments p LEFT JOIN orders o ON o.id = p.order_id;
DROP TABLE payments;
ALTER TABLE payments_v18 RENAME TO payments;
CREATE UNIQUE INDEX payments_one_success_per_order ON payments (order_id) WHERE outcome = 'succeeded';
