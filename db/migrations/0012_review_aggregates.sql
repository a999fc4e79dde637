-- Aggregates for the review's coverage and metrics pages, kept by triggers in the transaction
-- that writes the event or the order: every writer (the app, the scenario loader, the synthetic
-- world) fills them without knowing they exist, and a new writer cannot forget them.

-- Metrics: orders per storefront x wallet x status, so the page reads ~15,000 rows, not 1,000,000.
CREATE TABLE review_order_counts (
  storefront_slug TEXT NOT NULL,
  wallet_slug     TEXT NOT NULL,
  status          TEXT NOT NULL,
  orders          INTEGER NOT NULL,
  PRIMARY KEY (storefront_slug, wallet_slug, status)
) WITHOUT ROWID;

INSERT INTO review_order_counts (storefront_slug, wallet_slug, status, orders)
  SELECT storefront_slug, wallet_slug, status, count(*) FROM orders GROUP BY storefront_slug, wallet_slug, status;

CREATE TRIGGER review_order_counts_on_insert AFTER INSERT ON orders BEGIN
  INSERT INTO review_order_counts (storefront_slug, wallet_slug, status, orders) VALUES (NEW.storefront_slug, NEW.wallet_slug, NEW.status, 1)
    ON CONFLICT (storefront_slug, wallet_slug, status) DO UPDATE SET orders = orders + 1;
END;

CREATE TRIGGER review_order_counts_on_update AFTER UPDATE OF storefront_slug, wallet_slug, status ON orders BEGIN
  UPDATE review_order_counts SET orders = orders - 1
    WHERE storefront_slug = OLD.storefront_slug AND wallet_slug = OLD.wallet_slug AND status = OLD.status;
  INSERT INTO review_order_counts (storefront_slug, wallet_slug, status, orders) VALUES (NEW.storefront_slug, NEW.wallet_slug, NEW.status, 1)
    ON CONFLICT (storefront_slug, wallet_slug, status) DO UPDATE SET orders = orders + 1;
END;

CREATE TRIGGER review_order_counts_on_delete AFTER DELETE ON orders BEGIN
  UPDATE review_order_counts SET orders = orders - 1
    WHERE storefront_slug = OLD.storefront_slug AND wallet_slug = OLD.wallet_slug AND status = OLD.status;
END;

-- Coverage: the active events that change whether their integration is live, compared with the
-- active event before them (by effective_at, id); the first event counts as following a not-live one.
-- A six-month window of the large world holds ~12,000 of these against ~40,000 events.
CREATE TABLE review_live_changes (
  event_id        INTEGER PRIMARY KEY REFERENCES integration_events(id),
  integration_id  INTEGER NOT NULL,
  wallet_slug     TEXT NOT NULL,
  effective_at    TEXT NOT NULL,
  to_state        TEXT NOT NULL,
  date_precision  TEXT NOT NULL
);
CREATE INDEX review_live_changes_by_time ON review_live_changes (effective_at, event_id, integration_id, wallet_slug, to_state, date_precision);
-- Whether an integration was live at an instant: its last change of live-ness by then.
CREATE INDEX review_live_changes_by_integration ON review_live_changes (integration_id, effective_at, event_id, to_state);

INSERT INTO review_live_changes (event_id, integration_id, wallet_slug, effective_at, to_state, date_precision)
  SELECT id, integration_id, wallet_slug, effective_at, to_state, date_precision FROM (
    SELECT e.id, e.integration_id, i.wallet_slug, e.effective_at, e.to_state, e.date_precision, (e.to_state = 'live') AS live,
      lag(e.to_state = 'live', 1, 0) OVER (PARTITION BY e.integration_id ORDER BY e.effective_at, e.id) AS was_live
    FROM integration_events e JOIN integrations i ON i.id = e.integration_id WHERE e.status = 'active'
  ) WHERE live <> was_live;

-- The log is append-only but for `status` (a scheduled change cancelled). Inserting or cancelling
-- an event decides its own row and the row of the active event after it, whose predecessor changed;
-- no other event's predecessor does. (An event appended last has no successor: one index probe.)
CREATE TRIGGER review_live_changes_on_insert AFTER INSERT ON integration_events BEGIN
  INSERT INTO review_live_changes (event_id, integration_id, wallet_slug, effective_at, to_state, date_precision)
    SELECT e.id, e.integration_id, i.wallet_slug, e.effective_at, e.to_state, e.date_precision
    FROM integration_events e JOIN integrations i ON i.id = e.integration_id
    WHERE e.id = NEW.id AND e.status = 'active' AND (e.to_state = 'live') <> coalesce((SELECT p.to_state = 'live' FROM integration_events p
      WHERE p.integration_id = e.integration_id AND p.status = 'active' AND (p.effective_at, p.id) < (e.effective_at, e.id)
      ORDER BY p.effective_at DESC, p.id DESC LIMIT 1), 0);
  DELETE FROM review_live_changes WHERE event_id = (SELECT s.id FROM integration_events s
    WHERE s.integration_id = NEW.integration_id AND s.status = 'active' AND (s.effective_at, s.id) > (NEW.effective_at, NEW.id)
    ORDER BY s.effective_at, s.id LIMIT 1);
  INSERT INTO review_live_changes (event_id, integration_id, wallet_slug, effective_at, to_state, date_precision)
    SELECT e.id, e.integration_id, i.wallet_slug, e.effective_at, e.to_state, e.date_precision
    FROM integration_events e JOIN integrations i ON i.id = e.integration_id
    WHERE e.id = (SELECT s.id FROM integration_events s
        WHERE s.integration_id = NEW.integration_id AND s.status = 'active' AND (s.effective_at, s.id) > (NEW.effective_at, NEW.id)
        ORDER BY s.effective_at, s.id LIMIT 1)
      AND (e.to_state = 'live') <> coalesce((SELECT p.to_state = 'live' FROM integration_events p
        WHERE p.integration_id = e.integration_id AND p.status = 'active' AND (p.effective_at, p.id) < (e.effective_at, e.id)
        ORDER BY p.effective_at DESC, p.id DESC LIMIT 1), 0);
END;

CREATE TRIGGER review_live_changes_on_status AFTER UPDATE OF status ON integration_events WHEN OLD.status IS NOT NEW.status BEGIN
  DELETE FROM review_live_changes WHERE event_id = NEW.id;
  INSERT INTO review_live_changes (event_id, integration_id, wallet_slug, effective_at, to_state, date_precision)
    SELECT e.id, e.integration_id, i.wallet_slug, e.effective_at, e.to_state, e.date_precision
    FROM integration_events e JOIN integrations i ON i.id = e.integration_id
    WHERE e.id = NEW.id AND e.status = 'active' AND (e.to_state = 'live') <> coalesce((SELECT p.to_state = 'live' FROM integration_events p
      WHERE p.integration_id = e.integration_id AND p.status = 'active' AND (p.effective_at, p.id) < (e.effective_at, e.id)
      ORDER BY p.effective_at DESC, p.id DESC LIMIT 1), 0);
  DELETE FROM review_live_changes WHERE event_id = (SELECT s.id FROM integration_events s
    WHERE s.integration_id = NEW.integration_id AND s.status = 'active' AND (s.effective_at, s.id) > (NEW.effective_at, NEW.id)
    ORDER BY s.effective_at, s.id LIMIT 1);
  INSERT INTO review_live_changes (event_id, integration_id, wallet_slug, effective_at, to_state, date_precision)
    SELECT e.id, e.integration_id, i.wallet_slug, e.effective_at, e.to_state, e.date_precision
    FROM integration_events e JOIN integrations i ON i.id = e.integration_id
    WHERE e.id = (SELECT s.id FROM integration_events s
        WHERE s.integration_id = NEW.integration_id AND s.status = 'active' AND (s.effective_at, s.id) > (NEW.effective_at, NEW.id)
        ORDER BY s.effective_at, s.id LIMIT 1)
      AND (e.to_state = 'live') <> coalesce((SELECT p.to_state = 'live' FROM integration_events p
        WHERE p.integration_id = e.integration_id AND p.status = 'active' AND (p.effective_at, p.id) < (e.effective_at, e.id)
        ORDER BY p.effective_at DESC, p.id DESC LIMIT 1), 0);
END;
