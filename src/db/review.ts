import type { IntegrationEvent, IntegrationHistory } from '../domain/model.ts';
import type { OrderCount, WalletOrderCount } from '../domain/review/metrics.ts';
import type { AttemptCount, FirstChoice, WalletSwitch } from '../domain/review/attempts.ts';
import { eventFrom, type EventDbRow } from './integrations.ts';
import { MILESTONE_COLUMNS, milestoneFrom, type Milestone } from './milestones.ts';
import type { Db } from './open.ts';
import { int, maybeInt, maybeText, query, text, type Row } from './rows.ts';
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
    const effectiveAt: unknown = value[0];
    const id: unknown = value[1];
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

/** The columns of `integration_events` (selected as `e.*`), read for eventFrom. */
export function eventColumnsOf(row: Row): EventDbRow {
  return {
    id: int(row, 'id'),
    integration_id: int(row, 'integration_id'),
    version: int(row, 'version'),
    verb: text(row, 'verb'),
    from_state: text(row, 'from_state'),
    to_state: text(row, 'to_state'),
    actor: text(row, 'actor'),
    actor_role: text(row, 'actor_role'),
    reason: text(row, 'reason'),
    recorded_at: text(row, 'recorded_at'),
    effective_at: text(row, 'effective_at'),
    status: text(row, 'status'),
    cancelled_at: maybeText(row, 'cancelled_at'),
    source_file: maybeText(row, 'source_file'),
    date_precision: text(row, 'date_precision'),
    date_note: text(row, 'date_note'),
    rollout_percent: int(row, 'rollout_percent'),
    channels: text(row, 'channels'),
    min_amount_fen: maybeInt(row, 'min_amount_fen'),
    max_amount_fen: maybeInt(row, 'max_amount_fen'),
    display_order: int(row, 'display_order'),
  };
}

const eventOf = (row: Row) => eventFrom(eventColumnsOf(row));

/** Which integrations to load: all, one group's, some storefronts' or some integrations'. */
export interface HistoryScope {
  group?: string | undefined;
  storefronts?: readonly string[] | undefined;
  integrationIds?: readonly number[] | undefined;
}

function timelineEventFrom(row: Row): TimelineEvent {
  return { ...eventOf(row), storefrontSlug: text(row, 'storefrontSlug'), walletSlug: text(row, 'walletSlug') };
}

interface TimelineParams {
  storefront: string | null;
  wallet: string | null;
  verb: string | null;
  actor: string | null;
  from: string;
  upTo: string;
  cursorAt: string;
  cursorId: number;
}

/** An integration with the event in force at the instant asked for (null: none yet). */
interface InForce {
  integrationId: number;
  storefrontSlug: string;
  walletSlug: string;
  event: IntegrationEvent | null;
}

/** The review's read-only queries over events, milestones and orders. */
export function reviewQueries(db: Db) {
  const timelineByStorefront = query<TimelineEvent, TimelineParams & { limit: number }>(
    db,
    `SELECT ${TIMELINE_COLUMNS} FROM integrations i
    JOIN integration_events e ON e.integration_id = i.id
    WHERE i.storefront_slug = @storefront AND ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`,
    timelineEventFrom,
  );
  const timelineByActor = query<TimelineEvent, TimelineParams & { limit: number }>(
    db,
    `SELECT ${TIMELINE_COLUMNS} FROM integration_events e INDEXED BY integration_events_review_by_actor
    JOIN integrations i ON i.id = e.integration_id
    WHERE e.actor = @actor AND ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`,
    timelineEventFrom,
  );
  const timelineByVerb = query<TimelineEvent, TimelineParams & { limit: number }>(
    db,
    `SELECT ${TIMELINE_COLUMNS} FROM integration_events e INDEXED BY integration_events_review_by_verb
    JOIN integrations i ON i.id = e.integration_id
    WHERE e.verb = @verb AND ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`,
    timelineEventFrom,
  );
  const timelineByTime = query<TimelineEvent, TimelineParams & { limit: number }>(
    db,
    `SELECT ${TIMELINE_COLUMNS} FROM integration_events e INDEXED BY integration_events_review_by_time
    JOIN integrations i ON i.id = e.integration_id
    WHERE ${TIMELINE_FILTERS}
    ORDER BY e.effective_at DESC, e.id DESC LIMIT @limit`,
    timelineEventFrom,
  );
  // Counted up to TIMELINE_COUNT_CAP + 1: an exact count of a million events took seconds, and "more than 10,000" says enough.
  const timelineCount = query<number, TimelineParams>(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM integration_events e
      JOIN integrations i ON i.id = e.integration_id
    WHERE ${TIMELINE_FILTERS} LIMIT ${TIMELINE_COUNT_CAP + 1})`,
    (row) => int(row, 'n'),
  );
  // Per integration: the event in force at @at (if any), then changes recorded
  // by @at that take effect later. Enough for integrationAt, at any scale.
  const inForce = query<InForce, { at: string; group: string | null; storefronts: string | null; integrations: string | null }>(
    db,
    `SELECT i.id AS integrationId, i.storefront_slug AS storefrontSlug, i.wallet_slug AS walletSlug,
      e.* FROM integrations i JOIN storefronts s ON s.slug = i.storefront_slug JOIN wallets w ON w.slug = i.wallet_slug
    LEFT JOIN integration_events e ON e.id = (${inForceId('@at')})
    WHERE (@group IS NULL OR s.group_slug = @group)
      AND (@storefronts IS NULL OR i.storefront_slug IN (SELECT value FROM json_each(@storefronts)))
      AND (@integrations IS NULL OR i.id IN (SELECT value FROM json_each(@integrations)))
    ORDER BY s.rowid, w.display_order`,
    (row) => ({
      integrationId: int(row, 'integrationId'),
      storefrontSlug: text(row, 'storefrontSlug'),
      walletSlug: text(row, 'walletSlug'),
      event: row.id === null ? null : eventOf(row),
    }),
  );
  const scheduled = query<IntegrationEvent, { at: string }>(
    db,
    `SELECT e.* FROM integration_events e
      INDEXED BY integration_events_review_scheduled_by_time
    WHERE e.recorded_at < e.effective_at AND e.effective_at > @at AND e.recorded_at <= @at
      AND (e.cancelled_at IS NULL OR e.cancelled_at > @at)`,
    eventOf,
  );
  const storefrontsMatching = query<string, { at: string; group: string | null; state: string | null }>(
    db,
    `SELECT s.slug FROM storefronts s
    WHERE (@group IS NULL OR s.group_slug = @group)
      AND (@state IS NULL OR EXISTS (SELECT 1 FROM integrations i WHERE i.storefront_slug = s.slug
        AND coalesce((SELECT e.to_state FROM integration_events e WHERE e.id = (${inForceId('@at')})), 'not_requested') = @state))
    ORDER BY s.rowid`,
    (row) => text(row, 'slug'),
  );
  const milestones = query<Milestone, { from: string; to: string }>(
    db,
    `SELECT ${MILESTONE_COLUMNS} FROM milestones
    WHERE effective_at >= @from AND effective_at <= @to ORDER BY effective_at DESC, id DESC`,
    milestoneFrom,
  );
  // Counted as the orders are written (0012_review_aggregates.sql); a count that went back to 0 is no group.
  const orderCountFrom = (row: Row): OrderCount => ({
    storefrontSlug: text(row, 'storefrontSlug'),
    walletSlug: text(row, 'walletSlug'),
    status: text(row, 'status'),
    orders: int(row, 'orders'),
  });
  const orderCounts = query<OrderCount, []>(
    db,
    `SELECT storefront_slug AS storefrontSlug, wallet_slug AS walletSlug, status, orders
    FROM review_order_counts WHERE orders > 0 ORDER BY storefront_slug, wallet_slug, status`,
    orderCountFrom,
  );
  // The metrics page shows every wallet's totals but only one page of storefronts: summed and
  // narrowed here, the page reads ~600 rows instead of all ~15,000 counts of the large world.
  const orderCountsByWallet = query<WalletOrderCount, []>(
    db,
    `SELECT wallet_slug AS walletSlug, status, sum(orders) AS orders
    FROM review_order_counts WHERE orders > 0 GROUP BY wallet_slug, status ORDER BY wallet_slug, status`,
    (row) => ({ walletSlug: text(row, 'walletSlug'), status: text(row, 'status'), orders: int(row, 'orders') }),
  );
  const storefrontsWithOrders = query<string, []>(
    db,
    `SELECT DISTINCT storefront_slug FROM review_order_counts WHERE orders > 0
    ORDER BY storefront_slug`,
    (row) => text(row, 'storefront_slug'),
  );
  const orderCountsOf = query<OrderCount, [string]>(
    db,
    `SELECT storefront_slug AS storefrontSlug, wallet_slug AS walletSlug, status, orders
    FROM review_order_counts WHERE storefront_slug IN (SELECT value FROM json_each(?)) AND orders > 0
    ORDER BY storefront_slug, wallet_slug, status`,
    orderCountFrom,
  );

  // Kept per attempt by 0023's trigger: a handful of rows whatever the number of payments.
  const attemptCounts = query<AttemptCount, []>(
    db,
    `SELECT wallet_slug AS walletSlug, outcome, reason_code AS reasonCode, attempts FROM review_attempt_counts
    WHERE attempts > 0 ORDER BY wallet_slug, outcome, reason_code`,
    (row) => ({
      walletSlug: text(row, 'walletSlug'),
      outcome: text(row, 'outcome'),
      reasonCode: text(row, 'reasonCode'),
      attempts: int(row, 'attempts'),
    }),
  );
  const walletSwitches = query<WalletSwitch, []>(
    db,
    `SELECT from_wallet AS fromWallet, to_wallet AS toWallet, switches FROM review_wallet_switches
    WHERE switches > 0 ORDER BY from_wallet, to_wallet`,
    (row) => ({ fromWallet: text(row, 'fromWallet'), toWallet: text(row, 'toWallet'), switches: int(row, 'switches') }),
  );
  const firstChoices = query<FirstChoice, []>(
    db,
    `SELECT wallet_slug AS walletSlug, orders, paid_with_it AS paidWithIt, paid_with_another AS paidWithAnother
    FROM review_first_choice ORDER BY wallet_slug`,
    (row) => ({
      walletSlug: text(row, 'walletSlug'),
      orders: int(row, 'orders'),
      paidWithIt: int(row, 'paidWithIt'),
      paidWithAnother: int(row, 'paidWithAnother'),
    }),
  );

  function historiesAt(at: string, scope: HistoryScope): IntegrationHistory[] {
    const histories = new Map<number, IntegrationHistory>();
    const params = {
      at,
      group: scope.group ?? null,
      storefronts: scope.storefronts ? JSON.stringify(scope.storefronts) : null,
      integrations: scope.integrationIds ? JSON.stringify(scope.integrationIds) : null,
    };
    for (const { event, ...integration } of inForce.all(params)) {
      histories.set(integration.integrationId, { ...integration, events: event ? [event] : [] });
    }
    for (const event of scheduled.all({ at })) histories.get(event.integrationId)?.events.push(event);
    return [...histories.values()];
  }

  return {
    ...reviewDiffQueries(db),
    ...reviewCoverageQueries(db),
    /** One page of events, newest first, strictly after `cursor`. */
    timeline(filter: TimelineFilter, cursor: TimelineCursor | null, limit: number): TimelineEvent[] {
      const params = {
        storefront: filter.storefront ?? null,
        wallet: filter.wallet ?? null,
        verb: filter.verb ?? null,
        actor: filter.actor ?? null,
        from: filter.from ?? EARLIEST,
        // One upper bound (the tighter of `to` and the cursor) so the index range starts where the page does.
        upTo: cursor && (!filter.to || cursor.effectiveAt < filter.to) ? cursor.effectiveAt : (filter.to ?? LATEST),
        cursorAt: cursor?.effectiveAt ?? LATEST,
        cursorId: cursor?.id ?? Number.MAX_SAFE_INTEGER,
        limit,
      };
      const statement = filter.storefront
        ? timelineByStorefront
        : filter.actor
          ? timelineByActor
          : filter.verb
            ? timelineByVerb
            : timelineByTime;
      return statement.all(params);
    },
    /** How many events match the filter, over every page: exact up to TIMELINE_COUNT_CAP, else TIMELINE_COUNT_CAP + 1 ("more than"). */
    timelineCount: (filter: TimelineFilter) =>
      timelineCount.one({
        storefront: filter.storefront ?? null,
        wallet: filter.wallet ?? null,
        verb: filter.verb ?? null,
        actor: filter.actor ?? null,
        from: filter.from ?? EARLIEST,
        upTo: filter.to ?? LATEST,
        cursorAt: LATEST,
        cursorId: Number.MAX_SAFE_INTEGER,
      }),
    /** Enough of each integration's history (in `scope`) to know it at `at`, in matrix order. */
    historiesAt: (at: string, scope: HistoryScope = {}) => historiesAt(at, scope),
    /** Storefront slugs (in display order) of `group`, with at least one wallet in `state` at `at` if given. */
    storefrontsMatching: (at: string, filter: { group?: string | undefined; state?: string | undefined }) =>
      storefrontsMatching.all({ at, group: filter.group ?? null, state: filter.state ?? null }),
    milestonesBetween: (from: string, to: string) => milestones.all({ from, to }),
    orderCounts: () => orderCounts.all(),
    /** The same counts summed over every storefront. */
    orderCountsByWallet: () => orderCountsByWallet.all(),
    /** The storefronts with at least one order, by slug. */
    storefrontsWithOrders: () => storefrontsWithOrders.all(),
    /** Payment attempts per wallet × outcome × reason, switches between wallets, and first choices (0023). */
    attemptCounts: () => attemptCounts.all(),
    walletSwitches: () => walletSwitches.all(),
    firstChoices: () => firstChoices.all(),
    /** The counts of some storefronts only. */
    orderCountsOf: (storefrontSlugs: readonly string[]) => orderCountsOf.all(JSON.stringify(storefrontSlugs)),
  };
}
export type ReviewQueries = ReturnType<typeof reviewQueries>;
