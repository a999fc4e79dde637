-- Hutong's first schema: the world (providers, wallets, storefronts, products),
-- the integrations with their append-only event log, and the shopper side
-- (carts, orders, payments). Money is integer fen; times are ISO-8601 UTC text.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE providers (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE storefront_groups (
  slug        TEXT PRIMARY KEY,
  name        TEXT NOT NULL
);

CREATE TABLE wallets (
  slug          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  provider_slug TEXT NOT NULL REFERENCES providers(slug),
  display_order INTEGER NOT NULL
);

CREATE TABLE storefronts (
  slug       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  local_name TEXT NOT NULL DEFAULT '',
  group_slug TEXT NOT NULL REFERENCES storefront_groups(slug),
  category   TEXT NOT NULL,
  tagline    TEXT NOT NULL DEFAULT '',
  currency   TEXT NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY')
);

CREATE TABLE products (
  id              INTEGER PRIMARY KEY,
  storefront_slug TEXT NOT NULL REFERENCES storefronts(slug),
  sku             TEXT NOT NULL,
  name            TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  price_fen       INTEGER NOT NULL CHECK (price_fen > 0),
  UNIQUE (storefront_slug, sku)
);

-- One row per storefront x wallet. Its state and rules mirror the latest event
-- (a launch scheduled for later is already `live` here, effective in the future);
-- the checkout derives the state at a given time from the events themselves.
CREATE TABLE integrations (
  id              INTEGER PRIMARY KEY,
  storefront_slug TEXT NOT NULL REFERENCES storefronts(slug),
  wallet_slug     TEXT NOT NULL REFERENCES wallets(slug),
  state           TEXT NOT NULL DEFAULT 'not_requested'
                  CHECK (state IN ('not_requested','requested','approved','live','rejected','suspended')),
  rollout_percent INTEGER NOT NULL DEFAULT 100 CHECK (rollout_percent BETWEEN 0 AND 100),
  channels        TEXT NOT NULL DEFAULT 'app,mini_program,mobile_web,desktop_web',
  min_amount_fen  INTEGER CHECK (min_amount_fen IS NULL OR min_amount_fen >= 0),
  max_amount_fen  INTEGER CHECK (max_amount_fen IS NULL OR max_amount_fen >= 0),
  display_order   INTEGER NOT NULL DEFAULT 0,
  version         INTEGER NOT NULL DEFAULT 0,
  updated_at      TEXT NOT NULL,
  UNIQUE (storefront_slug, wallet_slug)
);

-- Append-only. Each event carries the full state and rules after it, so the
-- state at time t is the latest active event effective at or before t.
-- `status` = 'cancelled' marks a scheduled event superseded before it took effect.
CREATE TABLE integration_events (
  id              INTEGER PRIMARY KEY,
  integration_id  INTEGER NOT NULL REFERENCES integrations(id),
  version         INTEGER NOT NULL,
  verb            TEXT NOT NULL,
  from_state      TEXT NOT NULL,
  to_state        TEXT NOT NULL,
  actor           TEXT NOT NULL,
  actor_role      TEXT NOT NULL DEFAULT 'record',
  reason          TEXT NOT NULL DEFAULT '',
  recorded_at     TEXT NOT NULL,
  effective_at    TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled')),
  cancelled_at    TEXT,
  rollout_percent INTEGER NOT NULL,
  channels        TEXT NOT NULL,
  min_amount_fen  INTEGER,
  max_amount_fen  INTEGER,
  display_order   INTEGER NOT NULL,
  source_file     TEXT,
  date_precision  TEXT NOT NULL DEFAULT 'exact' CHECK (date_precision IN ('exact','day','month','approximate')),
  date_note       TEXT NOT NULL DEFAULT '',
  UNIQUE (integration_id, version)
);
CREATE INDEX integration_events_by_effective ON integration_events (integration_id, status, effective_at, id);

-- Dated facts from the record that are not checkout integrations
-- (regulator meetings, WeChat link opening, QR mutual recognition).
CREATE TABLE milestones (
  id             INTEGER PRIMARY KEY,
  slug           TEXT NOT NULL UNIQUE,
  title          TEXT NOT NULL,
  effective_at   TEXT NOT NULL,
  date_precision TEXT NOT NULL CHECK (date_precision IN ('exact','day','month','approximate')),
  date_note      TEXT NOT NULL DEFAULT '',
  source_file    TEXT
);

CREATE TABLE carts (
  id              INTEGER PRIMARY KEY,
  shopper_id      TEXT NOT NULL,
  storefront_slug TEXT NOT NULL REFERENCES storefronts(slug),
  updated_at      TEXT NOT NULL,
  UNIQUE (shopper_id, storefront_slug)
);

CREATE TABLE cart_items (
  cart_id    INTEGER NOT NULL REFERENCES carts(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  PRIMARY KEY (cart_id, product_id)
);

CREATE TABLE orders (
  id              TEXT PRIMARY KEY,
  shopper_id      TEXT NOT NULL,
  storefront_slug TEXT NOT NULL REFERENCES storefronts(slug),
  channel         TEXT NOT NULL CHECK (channel IN ('app','mini_program','mobile_web','desktop_web')),
  wallet_slug     TEXT NOT NULL REFERENCES wallets(slug),
  total_fen       INTEGER NOT NULL CHECK (total_fen > 0),
  status          TEXT NOT NULL DEFAULT 'awaiting_payment'
                  CHECK (status IN ('awaiting_payment','paid','failed','cancelled','expired')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX orders_by_shopper ON orders (shopper_id, created_at);

CREATE TABLE order_items (
  order_id       TEXT NOT NULL REFERENCES orders(id),
  product_id     INTEGER NOT NULL REFERENCES products(id),
  name           TEXT NOT NULL,
  unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen > 0),
  quantity       INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  PRIMARY KEY (order_id, product_id)
);

CREATE TABLE payments (
  id              INTEGER PRIMARY KEY,
  order_id        TEXT NOT NULL REFERENCES orders(id),
  wallet_slug     TEXT NOT NULL REFERENCES wallets(slug),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,
  outcome         TEXT NOT NULL CHECK (outcome IN ('succeeded','declined','cancelled','expired')),
  scanned_with    TEXT,
  created_at      TEXT NOT NULL
);
-- An order is paid at most once, whatever the application does.
CREATE UNIQUE INDEX payments_one_success_per_order ON payments (order_id) WHERE outcome = 'succeeded';
