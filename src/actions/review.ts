import type { Storefront } from '../db/catalog.ts';
import type { Repositories } from '../db/repositories.ts';
import type { ReviewQueries, TimelineCursor, TimelineEvent, TimelineFilter } from '../db/review.ts';
import { keptUntilIntegrationsWritten } from '../db/integration-writes.ts';
import { encodeCursor, reviewQueries } from '../db/review.ts';
import type { IntegrationState, Wallet } from '../domain/model.ts';
import { formatRecordedDate } from '../domain/time.ts';
import { milestoneConcerns } from '../domain/review/milestone-filter.ts';
import { diffBetween, type DiffEntry } from '../domain/review/diff.ts';
import { matrixAt, matrixRows, paginate, type MatrixCell } from '../domain/review/matrix.ts';
import type { LinkTimelineEvent } from './review-links.ts';

/** What the review reads: the shared repositories plus its own queries. */
export interface ReviewSources {
  repos: Repositories;
  review: ReviewQueries;
  /** The diff's entries between two instants (kept until the next write: see reviewSourcesOf). */
  diffs: (from: string, to: string) => readonly DiffEntry[];
}

export interface MatrixFilter {
  group?: string | undefined;
  state?: IntegrationState | undefined;
}

export const MATRIX_PAGE_SIZE = 50;

/** The matrix as it stood at `at`: one row per storefront, one cell per wallet, a page of storefronts at a time. */
export function loadMatrix(sources: ReviewSources, at: string, filter: MatrixFilter, page: number) {
  const slugs = paginate(sources.review.storefrontsMatching(at, filter), page, MATRIX_PAGE_SIZE);
  const rows = matrixRows(matrixAt(sources.review.historiesAt(at, { storefronts: slugs.items }), at));
  const { catalog } = sources.repos;
  return {
    at,
    wallets: sources.repos.catalog.wallets(),
    groups: sources.repos.catalog.groups(),
    rows: { ...slugs, items: rows.map((row) => ({ storefront: catalog.storefrontOf(row.storefrontSlug), cells: row.cells })) },
  };
}

/** One matrix cell flattened for CSV and JSON. */
export function matrixRecord(cell: MatrixCell, storefront: Storefront | undefined, wallet: Wallet | undefined) {
  return {
    storefront: cell.storefrontSlug,
    storefrontName: storefront?.name ?? cell.storefrontSlug,
    group: storefront?.groupSlug ?? '',
    wallet: cell.walletSlug,
    walletName: wallet?.name ?? cell.walletSlug,
    state: cell.state,
    rolloutPercent: cell.rules.rolloutPercent,
    channels: cell.rules.channels.join(' '),
    minAmountFen: cell.rules.minAmountFen,
    maxAmountFen: cell.rules.maxAmountFen,
    since: cell.since?.effectiveAt ?? null,
    sinceLabel: cell.since ? formatRecordedDate(cell.since.effectiveAt, cell.since.datePrecision) : '',
    sincePrecision: cell.since?.datePrecision ?? null,
    datePrecision: cell.since?.datePrecision ?? null,
    sinceVerb: cell.since?.verb ?? null,
    sinceActor: cell.since?.actor ?? null,
    source: cell.since?.sourceFile ?? null,
    scheduled: cell.pending ? `${cell.pending.verb} ${cell.pending.effectiveAt}` : null,
    // Nothing recorded: the walled-garden default, an assumption with no date and no source.
    basis: cell.since ? ('reported' as const) : ('assumed' as const),
  };
}
export type MatrixRecord = ReturnType<typeof matrixRecord>;

/** Every cell of the matrix at `at` (all pages), flattened. */
export function matrixRecords(sources: ReviewSources, at: string, filter: MatrixFilter): MatrixRecord[] {
  const { catalog } = sources.repos;
  const cells = matrixAt(sources.review.historiesAt(at, { group: filter.group }), at).filter(
    (c) => !filter.state || c.state === filter.state,
  );
  return cells.map((cell) => matrixRecord(cell, catalog.storefront(cell.storefrontSlug), catalog.wallet(cell.walletSlug)));
}

function withNames(sources: ReviewSources, entries: readonly DiffEntry[]) {
  const { catalog } = sources.repos;
  return entries.map((entry) => ({
    ...entry,
    storefrontName: catalog.storefront(entry.storefrontSlug)?.name ?? entry.storefrontSlug,
    walletName: catalog.wallet(entry.walletSlug)?.name ?? entry.walletSlug,
  }));
}

/** The integrations whose state or rules differ between `from` and `to`, with their names. */
export function loadDiff(sources: ReviewSources, from: string, to: string) {
  return withNames(sources, sources.diffs(from, to));
}

/** One page of `loadDiff` (the large world has ~2,700 changes between two dates). */
export function loadDiffPage(sources: ReviewSources, from: string, to: string, page: number, pageSize: number) {
  const entries = paginate(sources.diffs(from, to), page, pageSize);
  return { ...entries, items: withNames(sources, entries.items) };
}

/** One page of the timeline and the cursor for the next, if there is one. */
export function loadTimeline(sources: ReviewSources, filter: TimelineFilter, cursor: TimelineCursor | null, limit: number) {
  // An unknown wallet matches nothing; answering now spares a walk over the whole log.
  if (filter.wallet && !sources.repos.catalog.wallets().some((w) => w.slug === filter.wallet)) return { events: [], nextCursor: null };
  if (filter.from && filter.to && filter.from > filter.to) return { events: [], nextCursor: null };
  const fetched = sources.review.timeline(filter, cursor, limit + 1);
  const events = fetched.slice(0, limit);
  const last = events[events.length - 1];
  const nextCursor = fetched.length > limit && last ? encodeCursor(last) : null;
  return { events, nextCursor };
}

export function timelineRecord(event: TimelineEvent) {
  return {
    id: event.id,
    effectiveAt: event.effectiveAt,
    date: formatRecordedDate(event.effectiveAt, event.datePrecision),
    datePrecision: event.datePrecision,
    recordedAt: event.recordedAt,
    storefront: event.storefrontSlug,
    wallet: event.walletSlug,
    verb: event.verb,
    fromState: event.fromState,
    toState: event.toState,
    actor: event.actor,
    actorRole: event.actorRole,
    reason: event.reason,
    status: event.status,
    rolloutPercent: event.rules.rolloutPercent,
    source: event.sourceFile,
    dateNote: event.dateNote,
  };
}
export type TimelineRecord = ReturnType<typeof timelineRecord>;

/** The span a timeline page covers: from the newest event (or the range's end, on the first page) down to the oldest (or the range's start, on the last). */
export function timelineSpan(
  events: readonly TimelineEvent[],
  page: { first: boolean; last: boolean },
  filter: TimelineFilter,
): { newest: string; oldest: string } | null {
  if (filter.from && filter.to && filter.from > filter.to) return null;
  const newest = page.first ? (filter.to ?? '9999') : events[0]?.effectiveAt;
  const oldest = page.last ? (filter.from ?? '0000') : events[events.length - 1]?.effectiveAt;
  return newest === undefined || oldest === undefined ? null : { newest, oldest };
}

/**
 * Milestones of the record inside the span a timeline page covers, shown as context: from the
 * newest event (or the range's end, on the first page) down to the oldest event, or to the range's
 * start on the last page, so milestones older than every event are not dropped.
 */
export function milestonesFor(
  sources: ReviewSources,
  events: readonly TimelineEvent[],
  page: { first: boolean; last: boolean },
  filter: TimelineFilter,
) {
  const span = timelineSpan(events, page, filter);
  if (!span) return [];
  const milestones = sources.review.milestonesBetween(span.oldest, span.newest);
  if (!filter.wallet) return milestones;
  const wallets = sources.repos.catalog.wallets();
  const wallet = wallets.find((w) => w.slug === filter.wallet);
  if (!wallet) return [];
  return milestones.filter((m) =>
    milestoneConcerns(
      m,
      wallet.name,
      wallets.map((w) => w.name),
    ),
  );
}

export type TimelineItem =
  | { kind: 'event'; at: string; event: TimelineEvent }
  | { kind: 'milestone'; at: string; milestone: ReturnType<typeof milestonesFor>[number] }
  | { kind: 'link'; at: string; link: LinkTimelineEvent };

/** Events, link events and milestones in one list, newest first. */
export function timelineItems(
  events: readonly TimelineEvent[],
  milestones: ReturnType<typeof milestonesFor>,
  links: readonly LinkTimelineEvent[] = [],
): TimelineItem[] {
  const items: TimelineItem[] = [
    ...events.map((event) => ({ kind: 'event' as const, at: event.effectiveAt, event })),
    ...milestones.map((milestone) => ({ kind: 'milestone' as const, at: milestone.effectiveAt, milestone })),
    ...links.map((link) => ({ kind: 'link' as const, at: link.effectiveAt, link })),
  ];
  return items.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1));
}

/** The review's sources over the app's repositories. */
export function reviewSourcesOf(repos: Repositories): ReviewSources {
  const review = reviewQueries(repos.db);
  // A diff between two given dates depends on the rows only, never on the clock: it is kept until
  // the integrations are written (here or by another connection), for the last few pairs of dates.
  const diffs = keptUntilIntegrationsWritten(repos.db, 8, (from: string, to: string) => {
    // Only integrations whose event in force differs can differ; the domain decides whether they do.
    const snapshots = review.snapshotsWhereChanged(from, to);
    return diffBetween(snapshots.from, snapshots.to);
  });
  return { repos, review, diffs };
}
