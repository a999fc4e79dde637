-- The console's orders list reads the newest hundred orders (of every group, or of one): without an
-- index on created_at, SQLite read and sorted every order for it (3.8 s on a world of 1,000,000
-- orders). Read backwards, this index gives `created_at DESC, rowid DESC` as the list asks.
CREATE INDEX orders_newest ON orders (created_at);
