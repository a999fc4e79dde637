-- Links across the walls: where a link is shared and opened (host apps and their surfaces),
-- what it points to (link platforms), and per host x surface x platform a versioned link
-- policy with an append-only event log shaped like integration_events (actor, reason,
-- recorded/effective time, status for scheduled changes, source file, date precision, note).
-- Hosts may wall a wallet out of some storefronts opened inside them (host_wallet_walls).
-- Orders gain the host they were placed in, and the channel `in_app_browser`.

-- Who decides for a host: operators of `operator_group_slug` set its policies; reviewers of
-- `reviewer_provider_slug` decide requests (NULL: only an admin reviews).
CREATE TABLE link_hosts (
  slug                   TEXT PRIMARY KEY CHECK (slug IN ('wechat', 'taobao', 'douyin')),
  name                   TEXT NOT NULL,
  owner_name             TEXT NOT NULL,
  operator_group_slug    TEXT NOT NULL REFERENCES storefront_groups(slug),
  reviewer_provider_slug TEXT REFERENCES providers(slug),
  display_order          INTEGER NOT NULL
);

CREATE TABLE link_surfaces (
  host_slug     TEXT NOT NULL REFERENCES link_hosts(slug),
  slug          TEXT NOT NULL CHECK (slug IN ('one_to_one', 'group_chat', 'moments')),
  name          TEXT NOT NULL,
  display_order INTEGER NOT NULL,
  PRIMARY KEY (host_slug, slug)
);

-- What a link points to; its owner's operators may request a behaviour from a host.
CREATE TABLE link_platforms (
  slug                 TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  owner_name           TEXT NOT NULL,
  requester_group_slug TEXT REFERENCES storefront_groups(slug),
  storefront_slug      TEXT REFERENCES storefronts(slug),
  display_order        INTEGER NOT NULL
);

-- One row per host x surface x platform; it mirrors the latest event (a change scheduled for
-- later already shows here); the state at a given time is derived from the events.
CREATE TABLE link_policies (
  id                 INTEGER PRIMARY KEY,
  host_slug          TEXT NOT NULL,
  surface_slug       TEXT NOT NULL,
  platform_slug      TEXT NOT NULL REFERENCES link_platforms(slug),
  behaviour          TEXT NOT NULL DEFAULT 'blocked'
                     CHECK (behaviour IN ('blocked', 'copy_token', 'risk_warning', 'confirm_twice', 'direct')),
  preview            TEXT NOT NULL DEFAULT 'bare' CHECK (preview IN ('rich', 'bare')),
  share              TEXT NOT NULL DEFAULT 'copy_paste' CHECK (share IN ('one_click', 'copy_paste', 'none')),
  rollout_percent    INTEGER NOT NULL DEFAULT 100 CHECK (rollout_percent BETWEEN 0 AND 100),
  fallback_behaviour TEXT NOT NULL DEFAULT 'blocked'
                     CHECK (fallback_behaviour IN ('blocked', 'copy_token', 'risk_warning', 'confirm_twice', 'direct')),
  review             TEXT NOT NULL DEFAULT 'none' CHECK (review IN ('none', 'requested', 'rejected')),
  version            INTEGER NOT NULL DEFAULT 0,
  updated_at         TEXT NOT NULL,
  UNIQUE (host_slug, surface_slug, platform_slug),
  FOREIGN KEY (host_slug, surface_slug) REFERENCES link_surfaces(host_slug, slug)
);

-- Append-only; each event carries the full policy after it. `asked_*` is what a request or an
-- announcement asks for (not applied until approved; an announcement is never applied).
CREATE TABLE link_policy_events (
  id                 INTEGER PRIMARY KEY,
  policy_id          INTEGER NOT NULL REFERENCES link_policies(id),
  version            INTEGER NOT NULL,
  verb               TEXT NOT NULL,
  from_behaviour     TEXT NOT NULL,
  to_behaviour       TEXT NOT NULL,
  preview            TEXT NOT NULL,
  share              TEXT NOT NULL,
  rollout_percent    INTEGER NOT NULL,
  fallback_behaviour TEXT NOT NULL,
  review             TEXT NOT NULL,
  asked_behaviour    TEXT,
  asked_preview      TEXT,
  asked_share        TEXT,
  asked_by           TEXT,
  actor              TEXT NOT NULL,
  actor_role         TEXT NOT NULL DEFAULT 'record',
  reason             TEXT NOT NULL DEFAULT '',
  recorded_at        TEXT NOT NULL,
  effective_at       TEXT NOT NULL,
  status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  cancelled_at       TEXT,
  source_file        TEXT,
  date_precision     TEXT NOT NULL DEFAULT 'exact'
                     CHECK (date_precision IN ('exact', 'day', 'month', 'approximate', 'before', 'expected')),
  date_note          TEXT NOT NULL DEFAULT '',
  UNIQUE (policy_id, version)
);
CREATE INDEX link_policy_events_by_effective ON link_policy_events (policy_id, status, effective_at, id);
CREATE INDEX link_policy_events_by_time ON link_policy_events (effective_at);

-- A host that walls a wallet out of the storefronts of a group opened inside it.
CREATE TABLE host_wallet_walls (
  host_slug   TEXT NOT NULL REFERENCES link_hosts(slug),
  wallet_slug TEXT NOT NULL REFERENCES wallets(slug),
  group_slug  TEXT NOT NULL REFERENCES storefront_groups(slug),
  reason      TEXT NOT NULL,
  source_file TEXT,
  note        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (host_slug, wallet_slug, group_slug)
);

-- Orders: the host an order was placed in, and the in-app browser channel. SQLite cannot change
-- a CHECK constraint, and dropping a parent table with child rows fails with foreign keys on, so
-- orders and its two child tables are rebuilt together: children of the new table are copied
-- first, the old children and then the old parent are dropped, and the renames carry the
-- foreign keys along (ALTER TABLE … RENAME rewrites references to the renamed table).
CREATE TABLE orders_v11 (
  id              TEXT PRIMARY KEY,
  shopper_id      TEXT NOT NULL,
  storefront_slug TEXT NOT NULL REFERENCES storefronts(slug),
  channel         TEXT NOT NULL CHECK (channel IN ('app','mini_program','mobile_web','desktop_web','in_app_browser')),
  wallet_slug     TEXT NOT NULL REFERENCES wallets(slug),
  total_fen       INTEGER NOT NULL CHECK (total_fen > 0),
  status          TEXT NOT NULL DEFAULT 'awaiting_payment'
                  CHECK (status IN ('awaiting_payment','paid','failed','cancelled','expired')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  placed_as_of    TEXT,
  host            TEXT CHECK (host IS NULL OR host IN ('wechat', 'taobao', 'douyin'))
);
CREATE TABLE order_items_v11 (
  order_id       TEXT NOT NULL REFERENCES orders_v11(id),
  product_id     INTEGER NOT NULL REFERENCES products(id),
  name           TEXT NOT NULL,
  unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen > 0),
  quantity       INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  PRIMARY KEY (order_id, product_id)
);
CREATE TABLE payments_v11 (
  id              INTEGER PRIMARY KEY,
  order_id        TEXT NOT NULL REFERENCES orders_v11(id),
  wallet_slug     TEXT NOT NULL REFERENCES wallets(slug),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,
  outcome         TEXT NOT NULL CHECK (outcome IN ('succeeded','declined','cancelled','expired')),
  scanned_with    TEXT,
  created_at      TEXT NOT NULL
);
INSERT INTO orders_v11 (id, shopper_id, storefront_slug, channel, wallet_slug, total_fen, status, created_at, updated_at, placed_as_of)
  SELECT id, shopper_id, storefront_slug, channel, wallet_slug, total_fen, status, created_at, updated_at, placed_as_of FROM orders;
INSERT INTO order_items_v11 SELECT order_id, product_id, name, unit_price_fen, quantity FROM order_items;
INSERT INTO payments_v11 SELECT id, order_id, wallet_slug, idempotency_key, request_hash, outcome, scanned_with, created_at FROM payments;
DROP TABLE payments;
DROP TABLE order_items;
DROP TABLE orders;
ALTER TABLE orders_v11 RENAME TO orders;
ALTER TABLE order_items_v11 RENAME TO order_items;
ALTER TABLE payments_v11 RENAME TO payments;
CREATE INDEX orders_by_shopper ON orders (shopper_id, created_at);
CREATE INDEX orders_review_by_storefront_wallet ON orders (storefront_slug, wallet_slug, status);
CREATE UNIQUE INDEX payments_one_success_per_order ON payments (order_id) WHERE outcome = 'succeeded';
