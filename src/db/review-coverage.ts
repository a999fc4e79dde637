import { PRECISIONS, STATES } from '../domain/model.ts';
import type { CoverageEvent } from '../domain/review/coverage.ts';
import type { LiveDay } from '../domain/review/coverage-days.ts';
import type { Db } from './open.ts';
import { int, oneOf, query, text, type Row } from './rows.ts';

type Window = { from: string; to: string };

/** A change as the coverage domain reads it (CoverageEvent). */
const CHANGE_COLUMNS = `event_id AS id, integration_id AS integrationId, wallet_slug AS walletSlug,
  effective_at AS effectiveAt, to_state AS toState, date_precision AS datePrecision`;

const changeFrom = (row: Row): CoverageEvent => ({
  id: int(row, 'id'),
  integrationId: int(row, 'integrationId'),
  walletSlug: text(row, 'walletSlug'),
  effectiveAt: text(row, 'effectiveAt'),
  toState: oneOf(row, 'toState', STATES),
  datePrecision: oneOf(row, 'datePrecision', PRECISIONS),
});

/**
 * Coverage's queries over `review_live_changes` (0012_review_aggregates.sql): the events that make an
 * integration live or stop it being live, kept as the events are written. On the large world a
 * six-month window holds ~12,000 of them; the chart needs them summed per wallet and day (~550).
 */
export function reviewCoverageQueries(db: Db) {
  // Whether an integration is live at an instant: its last change by then (an index probe each).
  const liveAt = query<readonly [string, number], { at: string }>(
    db,
    `SELECT i.wallet_slug AS walletSlug, count(*) AS live
    FROM integrations i WHERE (SELECT c.to_state FROM review_live_changes c WHERE c.integration_id = i.id AND c.effective_at <= @at
      ORDER BY c.effective_at DESC, c.event_id DESC LIMIT 1) = 'live'
    GROUP BY i.wallet_slug`,
    (row) => [text(row, 'walletSlug'), int(row, 'live')] as const,
  );
  const days = query<LiveDay, Window>(
    db,
    `SELECT wallet_slug AS walletSlug, substr(effective_at, 1, 10) AS day,
      min(effective_at) AS firstAt, sum(iif(to_state = 'live', 1, -1)) AS delta
    FROM review_live_changes WHERE effective_at > @from AND effective_at <= @to GROUP BY day, wallet_slug`,
    (row) => ({
      walletSlug: text(row, 'walletSlug'),
      day: text(row, 'day'),
      firstAt: text(row, 'firstAt'),
      delta: int(row, 'delta'),
    }),
  );
  const instants = query<string, Window & { limit: number }>(
    db,
    `SELECT DISTINCT effective_at FROM review_live_changes
    WHERE effective_at > @from AND effective_at <= @to ORDER BY effective_at LIMIT @limit`,
    (row) => text(row, 'effective_at'),
  );
  const changesBetween = query<CoverageEvent, Window>(
    db,
    `SELECT ${CHANGE_COLUMNS}
    FROM review_live_changes WHERE effective_at > @from AND effective_at <= @to ORDER BY effective_at, event_id`,
    changeFrom,
  );
  const changesAt = query<CoverageEvent, Window & { instants: string }>(
    db,
    `SELECT ${CHANGE_COLUMNS}
    FROM review_live_changes WHERE effective_at IN (SELECT value FROM json_each(@instants)) AND effective_at > @from AND effective_at <= @to`,
    changeFrom,
  );

  return {
    /** How many integrations of each wallet are live at `at` (a wallet with none is absent). */
    liveAt: (at: string) => new Map(liveAt.all({ at })),
    /** The changes inside (from, to] summed per wallet and UTC day. */
    liveDays: (from: string, to: string) => days.all({ from, to }),
    /** The distinct instants of the changes inside (from, to], in order, at most `limit`. */
    changeInstants: (from: string, to: string, limit: number) => instants.all({ from, to, limit }),
    /** Every change inside (from, to], in time order. */
    liveChangesBetween: (from: string, to: string) => changesBetween.all({ from, to }),
    /** The changes inside (from, to] at exactly these instants. */
    liveChangesAt: (instants: readonly string[], from: string, to: string) =>
      changesAt.all({ instants: JSON.stringify(instants), from, to }),
  };
}
