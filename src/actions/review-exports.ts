import type { TimelineCursor, TimelineFilter } from '../db/review.ts';
import {
  loadMetrics, loadTimeline, matrixRecords, timelineRecord, type MatrixFilter, type MatrixRecord, type ReviewSources, type TimelineRecord,
} from './review.ts';

/** The matrix, the timeline and the metrics as rows: what /review/*.csv|json and /api/matrix|events|metrics send. */

export const MATRIX_COLUMNS: Array<keyof MatrixRecord> = ['storefront', 'storefrontName', 'group', 'wallet', 'walletName', 'state',
  'rolloutPercent', 'channels', 'minAmountFen', 'maxAmountFen', 'since', 'sinceLabel', 'sincePrecision', 'datePrecision', 'sinceVerb', 'sinceActor', 'source',
  'scheduled'];
export const TIMELINE_COLUMNS: Array<keyof TimelineRecord> = ['id', 'effectiveAt', 'date', 'datePrecision', 'recordedAt', 'storefront',
  'wallet', 'verb', 'fromState', 'toState', 'actor', 'actorRole', 'reason', 'status', 'rolloutPercent', 'source', 'dateNote'];
export const METRICS_COLUMNS = ['storefront', 'storefrontName', 'wallet', 'started', 'paid', 'conversion'] as const;

export function matrixExport(sources: ReviewSources, asOf: string, filter: MatrixFilter) {
  return { asOf, cells: matrixRecords(sources, asOf, filter) };
}

export function timelineExport(sources: ReviewSources, filter: TimelineFilter, cursor: TimelineCursor | null, limit: number) {
  const page = loadTimeline(sources, filter, cursor, limit);
  return { events: page.events.map(timelineRecord), nextCursor: page.nextCursor };
}

export function metricsExport(sources: ReviewSources) {
  return loadMetrics(sources).rows.map((r) => ({
    storefront: r.storefrontSlug, storefrontName: r.storefrontName, wallet: r.walletSlug, started: r.started, paid: r.paid, conversion: r.rate,
  }));
}
