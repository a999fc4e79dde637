import type { Request, Response } from 'express';
import { TimelineExportQuery } from '../http/inputs/review.ts';
import { page, reviewDownloadsAs } from '../http/page-table.ts';
import { reviewDownloads } from '../http/review-downloads.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { worldOf } from '../http/visit.ts';

type Downloads = ReturnType<typeof reviewDownloads>;

/** The request's world's responder (the responders are a few closures over its review sources). */
function downloadOf(name: keyof Downloads) {
  return ({ req, res }: { req: Request; res: Response }) => {
    const world = worldOf(req);
    reviewDownloads(world.reviewSources, world.clock, { schema: TimelineExportQuery, limit: 10_000 }, world.repos.catalog)[name](req, res);
  };
}

/** Downloads linked from the review pages; each answers in its own format, errors included. */
export const reviewExportPages: AnyPageRoute[] = [
  page({ method: 'get', path: '/review/matrix.json', guard: reviewDownloadsAs('json'), handler: downloadOf('matrixJson') }),
  page({ method: 'get', path: '/review/matrix.csv', guard: reviewDownloadsAs('csv'), handler: downloadOf('matrixCsv') }),
  page({ method: 'get', path: '/review/timeline.json', guard: reviewDownloadsAs('json'), handler: downloadOf('timelineJson') }),
  page({ method: 'get', path: '/review/timeline.csv', guard: reviewDownloadsAs('csv'), handler: downloadOf('timelineCsv') }),
  page({ method: 'get', path: '/review/metrics.json', guard: reviewDownloadsAs('json'), handler: downloadOf('metricsJson') }),
  page({ method: 'get', path: '/review/metrics.csv', guard: reviewDownloadsAs('csv'), handler: downloadOf('metricsCsv') }),
  page({ method: 'get', path: '/review/attempts.csv', guard: reviewDownloadsAs('csv'), handler: downloadOf('attemptsCsv') }),
];
