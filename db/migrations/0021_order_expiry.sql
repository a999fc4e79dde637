-- An order awaiting payment expires: its cashier's code can be paid only until expires_at (the
-- world's clock). The expiry is written with the order (and again when a failed or expired order
-- is opened for another attempt), so the receipt, the API and the sweep that moves it to
-- 'expired' read the same instant. Orders written before this column get their cashier's
-- expiry (every wallet's is 2 hours, see src/domain/due-order-expiry.ts); an order written
-- without one (the synthetic world's) never expires.

ALTER TABLE orders ADD COLUMN expires_at TEXT;
UPDATE orders SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+2 hours');
CREATE INDEX orders_expiring ON orders (status, expires_at);
