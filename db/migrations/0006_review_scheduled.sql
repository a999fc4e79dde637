-- Scheduled changes (recorded before they take effect) found from the index
-- alone: the pending part of a snapshot at a past instant reads only the rows
-- recorded by then, however many changes come later.
DROP INDEX integration_events_review_scheduled;
CREATE INDEX integration_events_review_scheduled_by_time ON integration_events (effective_at, recorded_at) WHERE recorded_at < effective_at;
