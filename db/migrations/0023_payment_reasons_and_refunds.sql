-- Payments a tester can break on purpose: why an attempt did not succeed, the shopper who scanned
-- a QR code but has not confirmed, refunds, and the review's counts per attempt.

-- The reason code of an attempt that did not succeed (src/domain/decline-reasons.ts); null for a success.
ALTER TABLE payments ADD COLUMN reason_code TEXT;

-- Set when the shopper scanned the order's QR code and has not confirmed: the order is then shown as
-- awaiting_confirmation while its stored status stays awaiting_payment (so whatever expires
-- awaiting_payment orders expires it too).
ALTER TABLE orders ADD COLUMN scanned_at TEXT;

CREATE INDEX payments_by_order ON payments (order_id, id);

-- Refunds of a paid order: each one succeeded or failed (with a code), never deleted. A paid order
-- is shown as partially_refunded or refunded from the sum of its successful refunds.
CREATE TABLE refunds (
  id            INTEGER PRIMARY KEY,
  order_id      TEXT NOT NULL REFERENCES orders(id),
  amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
  status        TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
  failure_code  TEXT,
  requested_by  TEXT NOT NULL,
  note          TEXT,
  created_at    TEXT NOT NULL,
  CHECK ((status = 'failed') = (failure_code IS NOT NULL))
);
CREATE INDEX refunds_by_order ON refunds (order_id, id);

-- The review's metrics per attempt, kept by a trigger in the transaction that writes the payment
-- (as 0012 keeps the order counts): attempts per wallet x outcome x reason; switches from one
-- wallet to another between two attempts of one order; and per wallet first chosen, its orders and
-- how many were paid with it or with another.
CREATE TABLE review_attempt_counts (
  wallet_slug TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  attempts    INTEGER NOT NULL,
  PRIMARY KEY (wallet_slug, outcome, reason_code)
) WITHOUT ROWID;
CREATE TABLE review_wallet_switches (
  from_wallet TEXT NOT NULL,
  to_wallet   TEXT NOT NULL,
  switches    INTEGER NOT NULL,
  PRIMARY KEY (from_wallet, to_wallet)
) WITHOUT ROWID;
CREATE TABLE review_first_choice (
  wallet_slug       TEXT PRIMARY KEY,
  orders            INTEGER NOT NULL,
  paid_with_it      INTEGER NOT NULL,
  paid_with_another INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO review_attempt_counts (wallet_slug, outcome, reason_code, attempts)
  SELECT wallet_slug, outcome, coalesce(reason_code, ''), count(*) FROM payments GROUP BY 1, 2, 3;
INSERT INTO review_wallet_switches (from_wallet, to_wallet, switches)
  SELECT previous, wallet_slug, count(*) FROM (
    SELECT wallet_slug, lag(wallet_slug) OVER (PARTITION BY order_id ORDER BY id) AS previous FROM payments
  ) WHERE previous IS NOT NULL AND previous <> wallet_slug GROUP BY 1, 2;
INSERT INTO review_first_choice (wallet_slug, orders, paid_with_it, paid_with_another)
  SELECT first_wallet, count(*), sum(paid_wallet = first_wallet), sum(paid_wallet IS NOT NULL AND paid_wallet <> first_wallet) FROM (
    SELECT (SELECT wallet_slug FROM payments f WHERE f.order_id = o.order_id ORDER BY id LIMIT 1) AS first_wallet,
      (SELECT wallet_slug FROM payments s WHERE s.order_id = o.order_id AND s.outcome = 'succeeded') AS paid_wallet
    FROM (SELECT DISTINCT order_id FROM payments) o
  ) GROUP BY 1;

CREATE TRIGGER review_attempts_on_insert AFTER INSERT ON payments BEGIN
  INSERT INTO review_attempt_counts (wallet_slug, outcome, reason_code, attempts)
    VALUES (NEW.wallet_slug, NEW.outcome, coalesce(NEW.reason_code, ''), 1)
    ON CONFLICT (wallet_slug, outcome, reason_code) DO UPDATE SET attempts = attempts + 1;
  INSERT INTO review_wallet_switches (from_wallet, to_wallet, switches)
    SELECT p.wallet_slug, NEW.wallet_slug, 1 FROM payments p
    WHERE p.id = (SELECT max(id) FROM payments WHERE order_id = NEW.order_id AND id < NEW.id) AND p.wallet_slug <> NEW.wallet_slug
    ON CONFLICT (from_wallet, to_wallet) DO UPDATE SET switches = switches + 1;
  INSERT INTO review_first_choice (wallet_slug, orders, paid_with_it, paid_with_another)
    SELECT NEW.wallet_slug, 1, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM payments WHERE order_id = NEW.order_id AND id < NEW.id)
    ON CONFLICT (wallet_slug) DO UPDATE SET orders = orders + 1;
  UPDATE review_first_choice SET
      paid_with_it = paid_with_it + (wallet_slug = NEW.wallet_slug),
      paid_with_another = paid_with_another + (wallet_slug <> NEW.wallet_slug)
    WHERE NEW.outcome = 'succeeded'
      AND wallet_slug = (SELECT wallet_slug FROM payments WHERE order_id = NEW.order_id ORDER BY id LIMIT 1);
END;
