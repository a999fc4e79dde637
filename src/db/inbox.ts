import type { InboxCandidate, InboxScope } from '../domain/inbox.ts';
import type { IntegrationEvent } from '../domain/model.ts';
import { integrationAt } from '../domain/timeline.ts';
import { eventFrom, integrationFrom, type EventDbRow, type IntegrationDbRow, type IntegrationRow } from './integrations.ts';
import type { Db } from './open.ts';

/**
 * The inbox badge in SQL. An integration's row holds its latest recorded state, which is its
 * state now unless one of its events takes effect later (a scheduled launch, or a record event
 * ahead of the clock): those few are read with their events in one query and replayed.
 */
export function inboxQueries(db: Db) {
  const AHEAD = `SELECT integration_id FROM integration_events WHERE effective_at > @now AND status = 'active'`;
  const WAITING = `((i.state = 'requested' AND (@reviewsFor = '*' OR w.provider_slug = @reviewsFor))
        OR (i.state IN ('approved', 'rejected', 'suspended') AND (@operatesFor = '*' OR s.group_slug = @operatesFor)))`;
  const settled = db.prepare<{ reviewsFor: string | null; operatesFor: string | null; now: string }, number>(`SELECT count(*)
    FROM integrations i
    JOIN storefronts s ON s.slug = i.storefront_slug
    JOIN wallets w ON w.slug = i.wallet_slug
    WHERE ${WAITING} AND i.id NOT IN (${AHEAD})`).pluck();
  // The list: the same settled rows, plus every integration with an event after `now`, for the caller to replay.
  const candidates = db.prepare<{ reviewsFor: string | null; operatesFor: string | null; now: string }, IntegrationDbRow>(`SELECT i.*
    FROM integrations i
    JOIN storefronts s ON s.slug = i.storefront_slug
    JOIN wallets w ON w.slug = i.wallet_slug
    WHERE (${WAITING} AND i.id NOT IN (${AHEAD})) OR i.id IN (${AHEAD})
    ORDER BY s.rowid, w.display_order`);
  // The range of the effective-time index after `now` is usually empty.
  const ahead = db.prepare<{ now: string }, EventDbRow & { group_slug: string; provider_slug: string }>(`SELECT e.*,
      s.group_slug, w.provider_slug
    FROM integration_events e
    JOIN integrations i ON i.id = e.integration_id
    JOIN storefronts s ON s.slug = i.storefront_slug
    JOIN wallets w ON w.slug = i.wallet_slug
    WHERE e.integration_id IN (${AHEAD})`);

  return {
    /** How many integrations wait for this scope, leaving out those with an event after `now`. */
    waitingSettled: (scope: InboxScope, now: string): number => settled.get({ ...scope, now }) ?? 0,
    /**
     * The rows that may wait for this scope, in the console's order: those the count above counts,
     * and those with an event after `now` (whose state now only their events tell).
     */
    candidates: (scope: InboxScope, now: string): IntegrationRow[] => candidates.all({ ...scope, now }).map(integrationFrom),
    /** The integrations with an event after `now`, as the inbox sees them now. */
    ahead(now: string): InboxCandidate[] {
      const byIntegration = new Map<number, { groupSlug: string; providerSlug: string; events: IntegrationEvent[] }>();
      for (const row of ahead.all({ now })) {
        const entry = byIntegration.get(row.integration_id) ?? { groupSlug: row.group_slug, providerSlug: row.provider_slug, events: [] };
        entry.events.push(eventFrom(row));
        byIntegration.set(row.integration_id, entry);
      }
      return [...byIntegration.values()].map(({ groupSlug, providerSlug, events }) => {
        const snapshot = integrationAt(events, now);
        return { state: snapshot.state, groupSlug, providerSlug, scheduled: snapshot.pending?.toState === 'live' ? snapshot.pending : null };
      });
    },
  };
}
