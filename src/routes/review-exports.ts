import { Router, type Request, type Response } from 'express';
import { loadMetrics, loadTimeline, matrixRecords, timelineRecord, type MatrixRecord, type ReviewSources, type TimelineRecord } from '../actions/review.ts';
import type { Clock } from '../domain/time.ts';
import { parseInput } from '../http/validate.ts';
import { MatrixQuery, TimelineExportQuery, TimelineQuery } from '../http/inputs/review.ts';
import { sendCsv, withParams } from './review-support.ts';

const MATRIX_COLUMNS: Array<keyof MatrixRecord> = ['storefront', 'storefrontName', 'group', 'wallet', 'walletName', 'state', 'rolloutPercent',
  'channels', 'minAmountFen', 'maxAmountFen', 'since', 'sinceLabel', 'datePrecision', 'sinceVerb', 'sinceActor', 'source', 'scheduled'];
const TIMELINE_COLUMNS: Array<keyof TimelineRecord> = ['id', 'effectiveAt', 'date', 'datePrecision', 'recordedAt', 'storefront', 'wallet', 'verb',
  'fromState', 'toState', 'actor', 'actorRole', 'reason', 'status', 'rolloutPercent', 'source', 'dateNote'];
const METRICS_COLUMNS = ['storefront', 'storefrontName', 'wallet', 'started', 'paid', 'conversion'];

/** The matrix, the timeline and the metrics as data; shared by /review/*.csv|json and /api. */
export function reviewExports(sources: ReviewSources, clock: Clock) {
  function matrix(req: Request) {
    const query = parseInput(MatrixQuery, req.query);
    const asOf = query.asOf ?? clock.now().toISOString();
    return { asOf, cells: matrixRecords(sources, asOf, { group: query.group, state: query.state }) };
  }
  function timeline(req: Request, schema: typeof TimelineQuery | typeof TimelineExportQuery, defaultLimit: number) {
    const { cursor, limit, ...filter } = parseInput(schema, req.query);
    const page = loadTimeline(sources, filter, cursor ?? null, limit ?? defaultLimit);
    return { events: page.events.map(timelineRecord), nextCursor: page.nextCursor };
  }
  function metrics() {
    return loadMetrics(sources).rows.map((r) => ({
      storefront: r.storefrontSlug, storefrontName: r.storefrontName, wallet: r.walletSlug, started: r.started, paid: r.paid, conversion: r.rate,
    }));
  }
  /** Points the client at the next page of a long export. */
  function linkNext(req: Request, res: Response, nextCursor: string | null): void {
    if (nextCursor) res.links({ next: `${req.baseUrl}${req.path}${withParams(req.query as Record<string, unknown>, { cursor: nextCursor })}` });
  }
  return {
    matrixJson: (req: Request, res: Response) => res.json(matrix(req)),
    matrixCsv(req: Request, res: Response) {
      const { asOf, cells } = matrix(req);
      sendCsv(res, `hutong-matrix-${asOf.slice(0, 10)}.csv`, MATRIX_COLUMNS, cells);
    },
    timelineJson(schema: typeof TimelineQuery | typeof TimelineExportQuery, defaultLimit: number) {
      return (req: Request, res: Response) => {
        const page = timeline(req, schema, defaultLimit);
        linkNext(req, res, page.nextCursor);
        res.json(page);
      };
    },
    timelineCsv(schema: typeof TimelineQuery | typeof TimelineExportQuery, defaultLimit: number) {
      return (req: Request, res: Response) => {
        const page = timeline(req, schema, defaultLimit);
        linkNext(req, res, page.nextCursor);
        sendCsv(res, 'hutong-timeline.csv', TIMELINE_COLUMNS, page.events);
      };
    },
    metricsJson: (_req: Request, res: Response) => res.json({ metrics: metrics() }),
    metricsCsv: (_req: Request, res: Response) => sendCsv(res, 'hutong-metrics.csv', METRICS_COLUMNS, metrics()),
  };
}

/** Downloads linked from the review pages (bad input is answered as a page, like any page). */
export function reviewExportRoutes(sources: ReviewSources, clock: Clock): Router {
  const router = Router();
  const exports = reviewExports(sources, clock);
  router.get('/matrix.json', exports.matrixJson);
  router.get('/matrix.csv', exports.matrixCsv);
  router.get('/timeline.json', exports.timelineJson(TimelineExportQuery, 10_000));
  router.get('/timeline.csv', exports.timelineCsv(TimelineExportQuery, 10_000));
  router.get('/metrics.json', exports.metricsJson);
  router.get('/metrics.csv', exports.metricsCsv);
  return router;
}
