import type { IntegrationEvent, IntegrationHistory } from '../domain/model.ts';
import type { OrderCount, WalletOrderCount } from '../domain/review/metrics.ts';
import { eventFrom } from './integrations.ts';
import type { Milestone } from './milestones.ts';
import type { Db } from './open.ts';
import { reviewCoverageQueries } from './review-coverage.ts';
import { inForceId, reviewDiffQueries } from './review-diff.ts';

/** The timeline counts matches exactly up to this many; past it, the page says "more than 10,000". */
export const TIMELINE_COUNT_CAP = 10_000;

/** An event with the integration it belongs to, as the timeline lists it. */
export interface TimelineEvent extends IntegrationEvent {
  storefrontSlug: string;
  walletSlug: string;
}

export interface TimelineFilter {
  storefront?: string | undefined;
  wallet?: string | undefined;
  verb?: string | undefined;
  actor?: string | undefined;
  /** Inclusive ISO-8601 bounds on effective_at. */
  from?: string | undefined;
  to?: string | undefined;
}

/** Where the previous page stopped: the last (effective_at, id) it showed. */
export interface TimelineCursor {
  effectiveAt: string;
  id: number;
}

export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify([cursor.effectiveAt, cursor.id])).toString('base64url');
}

/** The cursor in an opaque string, or null if it is not one of ours. */
export function decodeCursor(text: string): TimelineCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [effectiveAt, id] = value as [unknown, unknown];
    if (typeof effectiveAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(effectiveAt)) return null;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null;
    return { effectiveAt, id };
  } catch {
    return null;
  }
}

const EARLIEST = '0000';
const LATEST = '9999';
const TIMELINE_COLUMNS = 'e.*, i.storefront_slug AS storefrontSlug, i.wallet_slug AS walletSlug';
// Filters every timeline statement applies; the statements differ only in the
// access path, so each filter shape gets an index it can walk newest first.
const TIMELINE_FILTERS = `(@storefront IS NULL OR i.storefront_slug = @storefront)
  AND (@wallet IS NULL OR i.wallet_slug = @wallet) AND (@verb IS NULL OR e.verb = @verb)
  AND (@actor IS NULL OR e.actor = @actor)
  AND e.effective_at >= @from AND e.effective_at <= @upTo AND (e.effective_at, e.id) < (@cursorAt, @cursorId)`;

type Raw = Record<string, unknown> & Parameters<typeof eventFrom>[0];

/** Which integrations to load: all, one group's, some storefronts' or some integrations'. */
export interface HistoryScope {
  group?: string | undefined;
  storefronts?: readonly string[] | undefined;
  integrationIds?: readonly number[] | undefined;
}

function timelineEventFrom(raw: Raw): TimelineEvent {
  return { ...eventFrom(raw), storefrontSlug: raw.storefrontSlug as string, walletSlug: raw.walletSlug as string };
}

/** The review's read-only queries over events, milestones and orders. */
export function reviewQueries(db: Db) {
  const timelineByStorefront = db.prepare(`SELECT ${TIMELINE_COLUMNS} FROM integrations i
    JOIN integration_events e ON e.integration_id = i.id
    WHERE i.storefront_slug = @storefront AND ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`);
  const timelineByActor = db.prepare(`SELECT ${TIMELINE_COLUMNS} FROM integration_events e INDEXED BY integration_events_review_by_actor
    JOIN integrations i ON i.id = e.integration_id
    WHERE e.actor = @actor AND ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`);
  const timelineByVerb = db.prepare(`SELECT ${TIMELINE_COLUMNS} FROM integration_events e INDEXED BY integration_events_review_by_verb
    JOIN integrations i ON i.id = e.integration_id
    WHERE e.verb = @verb AND ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`);
  const timelineByTime = db.prepare(`SELECT ${TIMELINE_COLUMNS} FROM integration_events e INDEXED BY integration_events_review_by_time
    JOIN integrations i ON i.id = e.integration_id
    WHERE ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`);
  // Counted up to TIMELINE_COUNT_CAP + 1: an exact count of a million events took seconds, and "more than 10,000" says enough.
  const timelineCount = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM integration_events e JOIN integrations i ON i.id = e.integration_id
    WHERE ${TIMELINE_FILTERS} LIMIT ${TIMELINE_COUNT_CAP + 1})`).pluck();
  // Per integration: the event in force at @at (if any), then changes recorded
  // by @at that take effect later. Enough for integrationAt, at any scale.
  const inForce = db.prepare(`SELECT i.id AS integrationId, i.storefront_slug AS storefrontSlug, i.wallet_slug AS walletSlug,
      e.* FROM integrations i JOIN storefronts s ON s.slug = i.storefront_slug JOIN wallets w ON w.slug = i.wallet_slug
    LEFT JOIN integration_events e ON e.id = (${inForceId('@at')})
    WHERE (@group IS NULL OR s.group_slug = @group)
      AND (@storefronts IS NULL OR i.storefront_slug IN (SELECT value FROM json_each(@storefronts)))
      AND (@integrations IS NULL OR i.id IN (SELECT value FROM json_each(@integrations)))
    ORDER BY s.rowid, w.display_order`);
  const scheduled = db.prepare(`SELECT e.* FROM integration_events e INDEXED BY integration_events_review_scheduled_by_time
    WHERE e.recorded_at < e.effective_at AND e.effective_at > @at AND e.recorded_at <= @at
      AND (e.cancelled_at IS NULL OR e.cancelled_at > @at)`);
  const storefrontsMatching = db.prepare(`SELECT s.slug FROM storefronts s
    WHERE (@group IS NULL OR s.group_slug = @group)
      AND (@state IS NULL OR EXISTS (SELECT 1 FROM integrations i WHERE i.storefront_slug = s.slug
        AND coalesce((SELECT e.to_state FROM integration_events e WHERE e.id = (${inForceId('@at')})), 'not_requested') = @state))
    ORDER BY s.rowid`).pluck();
  const milestones = db.prepare(`SELECT id, slug, title, effective_at AS effectiveAt, date_precision AS datePrecision,
      date_note AS dateNote, source_file AS sourceFile FROM milestones
    WHERE effective_at >= @from AND effective_at <= @to ORDER BY effective_at DESC, id DESC`);
  // Counted as the orders are written (0012_review_aggregates.sql); a count that went back to 0 is no group.
  const orderCounts = db.prepare<[], OrderCount>(`SELECT storefront_slug AS storefrontSlug, wallet_slug AS walletSlug, status, orders
    FROM review_order_counts WHERE orders > 0 ORDER BY storefront_slug, wallet_slug, status`);
  // The metrics page shows every wallet's totals but only one page of storefronts: summed and
  // narrowed here, the page reads ~600 rows instead of all ~15,000 counts of the large world.
  const orderCountsByWallet = db.prepare<[], WalletOrderCount>(`SELECT wallet_slug AS walletSlug, status, sum(orders) AS orders
    FROM review_order_counts WHERE orders > 0 GROUP BY wallet_slug, status ORDER BY wallet_slug, status`);
  const storefrontsWithOrders = db.prepare<[], string>(`SELECT DISTINCT storefront_slug FROM review_order_counts WHERE orders > 0
    ORDER BY storefront_slug`).pluck();
  const orderCountsOf = db.prepare<[string], OrderCount>(`SELECT storefront_slug AS storefrontSlug, wallet_slug AS walletSlug, status, orders
    FROM review_order_counts WHERE storefront_slug IN (SELECT value FROM json_each(?)) AND orders > 0
    ORDER BY storefront_slug, wallet_slug, status`);

  function historiesAt(at: string, scope: HistoryScope): IntegrationHistory[] {
    const histories = new Map<number, IntegrationHistory>();
    const params = {
      at, group: scope.group ?? null,
      storefronts: scope.storefronts ? JSON.stringify(scope.storefronts) : null,
      integrations: scope.integrationIds ? JSON.stringify(scope.integrationIds) : null,
    };
    for (const raw of inForce.all(params) as Raw[]) {
      const integrationId = raw.integrationId as number;
      const events = raw.id === null ? [] : [eventFrom(raw)];
      histories.set(integrationId, { integrationId, storefrontSlug: raw.storefrontSlug as string, walletSlug: raw.walletSlug as string, events });
    }
    for (const raw of scheduled.all({ at }) as Raw[]) histories.get(raw.integration_id as number)?.events.push(eventFrom(raw));
    return [...histories.values()];
  }

  return {
    ...reviewDiffQueries(db),
    ...reviewCoverageQueries(db),
    /** One page of events, newest first, strictly after `cursor`. */
    timeline(filter: TimelineFilter, cursor: TimelineCursor | null, limit: number): TimelineEvent[] {
      const params = {
        storefront: filter.storefront ?? null, wallet: filter.wallet ?? null, verb: filter.verb ?? null, actor: filter.actor ?? null,
        from: filter.from ?? EARLIEST,
        // One upper bound (the tighter of `to` and the cursor) so the index range starts where the page does.
        upTo: cursor && (!filter.to || cursor.effectiveAt < filter.to) ? cursor.effectiveAt : (filter.to ?? LATEST),
        cursorAt: cursor?.effectiveAt ?? LATEST, cursorId: cursor?.id ?? Number.MAX_SAFE_INTEGER, limit,
      };
      const statement = filter.storefront ? timelineByStorefront : filter.actor ? timelineByActor : filter.verb ? timelineByVerb : timelineByTime;
      return (statement.all(params) as Raw[]).map(timelineEventFrom);
    },
    /** How many events match the filter, over every page: exact up to TIMELINE_COUNT_CAP, else TIMELINE_COUNT_CAP + 1 ("more than"). */
    timelineCount: (filter: TimelineFilter) => timelineCount.get({
      storefront: filter.storefront ?? null, wallet: filter.wallet ?? null, verb: filter.verb ?? null, actor: filter.actor ?? null,
      from: filter.from ?? EARLIEST, upTo: filter.to ?? LATEST, cursorAt: LATEST, cursorId: Number.MAX_SAFE_INTEGER,
    }) as number,
    /** Enough of each integration's history (in `scope`) to know it at `at`, in matrix order. */
    historiesAt: (at: string, scope: HistoryScope = {}) => historiesAt(at, scope),
    /** Storefront slugs (in display order) of `group`, with at least one wallet in `state` at `at` if given. */
    storefrontsMatching: (at: string, filter: { group?: string | undefined; state?: string | undefined }) =>
      storefrontsMatching.all({ at, group: filter.group ?? null, state: filter.state ?? null }) as string[],
    milestonesBetween: (from: string, to: string) =>
      milestones.all({ from, to }) as Milestone[],
    orderCounts: () => orderCounts.all(),
    /** The same counts summed over every storefront. */
    orderCountsByWallet: () => orderCountsByWallet.all(),
    /** The storefronts with at least one order, by slug. */
    storefrontsWithOrders: () => storefrontsWithOrders.all(),
    /** The counts of some storefronts only. */
    orderCountsOf: (storefrontSlugs: readonly string[]) => orderCountsOf.all(JSON.stringify(storefrontSlugs)),
  };
}
export type ReviewQueries = ReturnType<typeof reviewQueries>;
