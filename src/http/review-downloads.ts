import type { Request, Response } from 'express';
import {
  matrixExport,
  attemptsCsvRows,
  attemptsExport,
  ATTEMPTS_COLUMNS,
  metricsExport,
  METRICS_COLUMNS,
  MATRIX_COLUMNS,
  timelineCsvRows,
  timelineExport,
  TIMELINE_COLUMNS,
} from '../actions/review-exports.ts';
import type { ReviewSources } from '../actions/review.ts';
import { invalidFields, type FieldError } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { sendCsv } from './csv.ts';
import { MatrixQuery, type TimelineExportQuery, type TimelineQuery } from './inputs/review.ts';
import { linkNext } from './query.ts';
import { parseInput } from './validate.ts';

/**
 * The responders behind the review's downloads: the matrix, the timeline and the metrics as
 * JSON or CSV. The review pages (/review/*.csv|json) and the API (/api/matrix, …) both use them.
 */
export function reviewDownloads(
  sources: ReviewSources,
  clock: Clock,
  timeline: { schema: typeof TimelineQuery | typeof TimelineExportQuery; limit: number },
  catalog: { storefronts(): readonly { slug: string }[]; wallets(): readonly { slug: string }[] },
) {
  /** A storefront or wallet filter this world does not have is a 400 naming it, as on the page, not an empty export. */
  const knownFilters = (filter: { storefront?: string | undefined; wallet?: string | undefined }) => {
    const errors: FieldError[] = [];
    if (filter.storefront && !catalog.storefronts().some((s) => s.slug === filter.storefront))
      errors.push({ path: 'storefront', message: 'not a storefront of this world' });
    if (filter.wallet && !catalog.wallets().some((w) => w.slug === filter.wallet))
      errors.push({ path: 'wallet', message: 'not a wallet of this world' });
    if (errors.length > 0) throw invalidFields(errors);
  };
  const matrix = (req: Request) => {
    const { asOf, group, state } = parseInput(MatrixQuery, req.query);
    return matrixExport(sources, asOf ?? clock.now().toISOString(), { group, state });
  };
  const events = (req: Request, res: Response) => {
    const { cursor, limit, ...filter } = parseInput(timeline.schema, req.query);
    knownFilters(filter);
    const page = timelineExport(sources, filter, cursor ?? null, limit ?? timeline.limit);
    linkNext(req, res, page.nextCursor);
    return page;
  };
  return {
    matrixJson: (req: Request, res: Response) => res.json(matrix(req)),
    matrixCsv(req: Request, res: Response) {
      const { asOf, cells } = matrix(req);
      sendCsv(res, `hutong-matrix-${asOf.slice(0, 10)}.csv`, MATRIX_COLUMNS, cells);
    },
    timelineJson: (req: Request, res: Response) => res.json(events(req, res)),
    timelineCsv: (req: Request, res: Response) => sendCsv(res, 'hutong-timeline.csv', TIMELINE_COLUMNS, timelineCsvRows(events(req, res))),
    metricsJson: (_req: Request, res: Response) => res.json({ metrics: metricsExport(sources), attempts: attemptsExport(sources) }),
    attemptsCsv: (_req: Request, res: Response) => sendCsv(res, 'hutong-attempts.csv', ATTEMPTS_COLUMNS, attemptsCsvRows(sources)),
    metricsCsv: (_req: Request, res: Response) => sendCsv(res, 'hutong-metrics.csv', METRICS_COLUMNS, metricsExport(sources)),
  };
}
