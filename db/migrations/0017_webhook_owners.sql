-- A webhook endpoint belongs to the scope of whoever made it, and receives only what that scope
-- may see: `group` (operators of a storefront group: its storefronts' orders, payments and
-- integrations, and the link policies of the hosts it runs or the platforms it asks for),
-- `provider` (a wallet provider's reviewers: its wallets' integrations, and the link requests it
-- decides) or `all` (an admin's: everything). Only an admin sees an `all` endpoint.
-- Endpoints made before this migration have no recorded scope, so they become `all`, an admin's:
-- nothing they received before was narrower, and no operator gains sight of them.

ALTER TABLE webhook_endpoints ADD COLUMN owner_kind TEXT NOT NULL DEFAULT 'all'
  CHECK (owner_kind IN ('all', 'group', 'provider'));
ALTER TABLE webhook_endpoints ADD COLUMN owner_slug TEXT
  CHECK ((owner_kind = 'all') = (owner_slug IS NULL));
