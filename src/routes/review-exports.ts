import { Router, type Request, type Response } from 'express';
import { answersAs } from '../http/errors.ts';
import { TimelineExportQuery } from '../http/inputs/review.ts';
import { reviewDownloads } from '../http/review-downloads.ts';
import { worldOf } from '../http/visit.ts';

type Downloads = ReturnType<typeof reviewDownloads>;

/** The request's world's downloads (the responders are a few closures over its review sources). */
function downloadOf(name: keyof Downloads) {
  return (req: Request, res: Response) => {
    const world = worldOf(req);
    reviewDownloads(world.reviewSources, world.clock, { schema: TimelineExportQuery, limit: 10_000 })[name](req, res);
  };
}

/** Downloads linked from the review pages; each answers in its own format, errors included. */
export function reviewExportRoutes(): Router {
  const router = Router();
  const json = answersAs('json');
  const csv = answersAs('csv');
  router.get('/matrix.json', json, downloadOf('matrixJson'));
  router.get('/matrix.csv', csv, downloadOf('matrixCsv'));
  router.get('/timeline.json', json, downloadOf('timelineJson'));
  router.get('/timeline.csv', csv, downloadOf('timelineCsv'));
  router.get('/metrics.json', json, downloadOf('metricsJson'));
  router.get('/metrics.csv', csv, downloadOf('metricsCsv'));
  return router;
}
