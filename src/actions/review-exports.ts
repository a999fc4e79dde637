import type { TimelineCursor, TimelineFilter } from '../db/review.ts';
import { askedWords } from '../domain/links/model.ts';
import { formatRecordedDate } from '../domain/time.ts';
import { linkEventsForTimeline, type LinkTimelineEvent } from './review-links.ts';
import { loadAttemptMetrics, loadMetrics } from './review-metrics.ts';
import {
  loadTimeline,
  matrixRecords,
  milestonesFor,
  timelineRecord,
  timelineSpan,
  type MatrixFilter,
  type MatrixRecord,
  type ReviewSources,
  type TimelineRecord,
} from './review.ts';

/** The matrix, the timeline and the metrics as rows: what /review/*.csv|json and /api/matrix|events|metrics send. */

export const MATRIX_COLUMNS: Array<keyof MatrixRecord> = [
  'storefront',
  'storefrontName',
  'group',
  'wallet',
  'walletName',
  'state',
  'rolloutPercent',
  'channels',
  'minAmountFen',
  'maxAmountFen',
  'since',
  'sinceLabel',
  'sincePrecision',
  'datePrecision',
  'sinceVerb',
  'sinceActor',
  'source',
  'reason',
  'scheduled',
  'basis',
];
export const TIMELINE_COLUMNS: Array<keyof TimelineRecord | keyof LinkTimelineRecord | 'kind' | 'title'> = [
  'id',
  'effectiveAt',
  'date',
  'datePrecision',
  'recordedAt',
  'storefront',
  'wallet',
  'verb',
  'fromState',
  'toState',
  'actor',
  'actorRole',
  'reason',
  'status',
  'rolloutPercent',
  'source',
  'dateNote',
  'host',
  'surface',
  'platform',
  'fromBehaviour',
  'behaviour',
  'kind',
  'title',
];
export const METRICS_COLUMNS = ['storefront', 'storefrontName', 'wallet', 'started', 'paid', 'conversion'] as const;

export function matrixExport(sources: ReviewSources, asOf: string, filter: MatrixFilter) {
  return { asOf, cells: matrixRecords(sources, asOf, filter) };
}

/** A page of events, and the record's milestones that concern them over the same span (as on the timeline page). */
export function timelineExport(sources: ReviewSources, filter: TimelineFilter, cursor: TimelineCursor | null, limit: number) {
  const page = loadTimeline(sources, filter, cursor, limit);
  const milestones = milestonesFor(sources, page.events, { first: !cursor, last: !page.nextCursor }, filter).map((m) => ({
    slug: m.slug,
    title: m.title,
    effectiveAt: m.effectiveAt,
    date: formatRecordedDate(m.effectiveAt, m.datePrecision),
    datePrecision: m.datePrecision,
    source: m.sourceFile,
    dateNote: m.dateNote,
  }));
  const links = linkEventsForTimeline(sources.repos, filter, timelineSpan(page.events, { first: !cursor, last: !page.nextCursor }, filter));
  return { events: page.events.map(timelineRecord), milestones, links: links.map(linkTimelineRecord), nextCursor: page.nextCursor };
}

/** One link event as the timeline's downloads send it: an announcement says what it asks, and is never a change. */
export function linkTimelineRecord(event: LinkTimelineEvent) {
  return {
    id: event.id,
    effectiveAt: event.effectiveAt,
    date: formatRecordedDate(event.effectiveAt, event.datePrecision),
    datePrecision: event.datePrecision,
    recordedAt: event.recordedAt,
    host: event.host,
    surface: event.surface,
    platform: event.platform,
    verb: event.verb,
    fromBehaviour: event.fromBehaviour,
    behaviour: event.state.behaviour,
    asked: askedWords(event.asked) || null,
    actor: event.actor,
    actorRole: event.actorRole,
    reason: event.reason,
    status: event.status,
    rolloutPercent: event.state.rolloutPercent,
    source: event.sourceFile,
    dateNote: event.dateNote,
    title: `${event.platformName} links in ${event.hostName}, ${event.surfaceName.toLowerCase()}`,
  };
}
type LinkTimelineRecord = ReturnType<typeof linkTimelineRecord>;

/** The CSV's rows: events and milestones, newest first, told apart by `kind`. */
export function timelineCsvRows(page: ReturnType<typeof timelineExport>): Array<Record<string, unknown>> {
  const rows = [
    ...page.events.map((e) => ({ ...e, kind: 'event' })),
    ...page.links.map((l) => ({
      ...l,
      kind: 'link',
      title: l.verb === 'announced' ? `${l.title}: announced, not reported done: ${l.asked ?? l.reason}` : l.title,
    })),
    ...page.milestones.map((m) => ({
      kind: 'milestone',
      title: m.title,
      effectiveAt: m.effectiveAt,
      date: m.date,
      datePrecision: m.datePrecision,
      source: m.source,
      dateNote: m.dateNote,
    })),
  ];
  return rows.sort((a, b) => (a.effectiveAt === b.effectiveAt ? 0 : a.effectiveAt < b.effectiveAt ? 1 : -1));
}

export function metricsExport(sources: ReviewSources) {
  return loadMetrics(sources).rows.map((r) => ({
    storefront: r.storefrontSlug,
    storefrontName: r.storefrontName,
    wallet: r.walletSlug,
    started: r.started,
    paid: r.paid,
    conversion: r.rate,
  }));
}

/** The metrics per attempt (as on the metrics page): per wallet, and the switches between wallets. */
export function attemptsExport(sources: ReviewSources) {
  const { wallets, switches } = loadAttemptMetrics(sources);
  return {
    wallets: wallets.map((w) => ({
      wallet: w.walletSlug,
      tried: w.tried,
      succeeded: w.succeeded,
      declined: w.declined,
      declinedByReason: w.declinedByReason,
      abandoned: w.abandoned,
      expired: w.expired,
      firstChosen: w.firstChosen,
      paidWithFirstChoice: w.paidWithFirstChoice,
      paidWithAnother: w.paidWithAnother,
      firstChoiceConversion: w.firstChoiceConversion,
      refunds: w.refunds,
      refundedFen: w.refundedFen,
    })),
    switches: switches.map((s) => ({ from: s.fromWallet, to: s.toWallet, switches: s.switches })),
  };
}

export const ATTEMPTS_COLUMNS = ['kind', 'wallet', 'toWallet', 'outcome', 'reason', 'count', 'conversion', 'refundedFen'] as const;

/** The attempts as flat CSV rows: per wallet its tried/succeeded/…, one row per decline reason, one per switch. */
export function attemptsCsvRows(sources: ReviewSources): Array<Record<string, unknown>> {
  const { wallets, switches } = attemptsExport(sources);
  return [
    ...wallets.flatMap((w) => [
      { kind: 'tried', wallet: w.wallet, count: w.tried },
      { kind: 'succeeded', wallet: w.wallet, outcome: 'succeeded', count: w.succeeded },
      ...w.declinedByReason.map((d) => ({ kind: 'declined', wallet: w.wallet, outcome: 'declined', reason: d.reason, count: d.attempts })),
      { kind: 'abandoned', wallet: w.wallet, outcome: 'cancelled', count: w.abandoned },
      { kind: 'expired', wallet: w.wallet, outcome: 'expired', count: w.expired },
      { kind: 'first_chosen', wallet: w.wallet, count: w.firstChosen, conversion: w.firstChoiceConversion },
      { kind: 'refunded', wallet: w.wallet, count: w.refunds, refundedFen: w.refundedFen },
    ]),
    ...switches.map((s) => ({ kind: 'switch', wallet: s.from, toWallet: s.to, count: s.switches })),
  ];
}
