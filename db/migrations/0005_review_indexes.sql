-- Indexes for the rollout review (matrix as of a date, diffs, the timeline and
-- metrics) so they stay fast on a world of a million events and orders.

-- The timeline: newest first, keyset-paginated on (effective_at, id).
CREATE INDEX integration_events_review_by_time ON integration_events (effective_at);
-- The timeline filtered by actor or verb, in the same order.
CREATE INDEX integration_events_review_by_actor ON integration_events (actor, effective_at);
CREATE INDEX integration_events_review_by_verb ON integration_events (verb, effective_at);
-- Changes recorded before they take effect (scheduled launches): the pending
-- part of a snapshot at any past instant, without scanning every later event.
CREATE INDEX integration_events_review_scheduled ON integration_events (effective_at) WHERE recorded_at < effective_at;
-- Metrics: orders counted per storefront x wallet x status from the index alone.
CREATE INDEX orders_review_by_storefront_wallet ON orders (storefront_slug, wallet_slug, status);
