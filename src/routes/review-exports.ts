import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { reviewSourcesOf } from '../actions/review.ts';
import { answersAs } from '../http/errors.ts';
import { TimelineExportQuery } from '../http/inputs/review.ts';
import { reviewDownloads } from '../http/review-downloads.ts';

/** Downloads linked from the review pages; each answers in its own format, errors included. */
export function reviewExportRoutes(deps: RouteDeps): Router {
  const router = Router();
  const downloads = reviewDownloads(reviewSourcesOf(deps.repos), deps.clock, { schema: TimelineExportQuery, limit: 10_000 });
  const json = answersAs('json');
  const csv = answersAs('csv');
  router.get('/matrix.json', json, downloads.matrixJson);
  router.get('/matrix.csv', csv, downloads.matrixCsv);
  router.get('/timeline.json', json, downloads.timelineJson);
  router.get('/timeline.csv', csv, downloads.timelineCsv);
  router.get('/metrics.json', json, downloads.metricsJson);
  router.get('/metrics.csv', csv, downloads.metricsCsv);
  return router;
}
