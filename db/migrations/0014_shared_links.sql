-- Links a shopper shared from a product page into a host app's chat (the journey's "Share").
-- What happens when one is tapped is decided by the link policy in force at that time, not here.

CREATE TABLE shared_links (
  id              INTEGER PRIMARY KEY,
  shopper_id      TEXT NOT NULL,
  host_slug       TEXT NOT NULL,
  surface_slug    TEXT NOT NULL,
  platform_slug   TEXT NOT NULL REFERENCES link_platforms(slug),
  storefront_slug TEXT NOT NULL REFERENCES storefronts(slug),
  product_id      INTEGER NOT NULL REFERENCES products(id),
  -- how it was put there: one_click (a share button) or copy_paste (a token copied and pasted)
  shared_as       TEXT NOT NULL CHECK (shared_as IN ('one_click', 'copy_paste')),
  shared_at       TEXT NOT NULL,
  FOREIGN KEY (host_slug, surface_slug) REFERENCES link_surfaces(host_slug, slug)
);
CREATE INDEX shared_links_by_chat ON shared_links (shopper_id, host_slug, surface_slug, id);
