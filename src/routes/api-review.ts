import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { linkChangesBetween } from '../actions/links.ts';
import { loadDiff, reviewSourcesOf } from '../actions/review.ts';
import { linkChangeJson } from '../presenters/link-json.ts';
import { DiffQuery, TimelineQuery } from '../http/inputs/review.ts';
import { reviewAccess } from '../http/review-access.ts';
import { reviewDownloads } from '../http/review-downloads.ts';
import { parseInput } from '../http/validate.ts';

/** GET /api/matrix, /api/events, /api/diff, /api/metrics and their .csv twins. */
export function apiReviewRoutes(deps: RouteDeps, options: { publicReview: boolean }): Router {
  const router = Router();
  const sources = reviewSourcesOf(deps.repos);
  const downloads = reviewDownloads(sources, deps.clock, { schema: TimelineQuery, limit: 50 });
  // Gated per path: this router is mounted on /api beside others.
  router.use(['/matrix', '/matrix.csv', '/events', '/events.csv', '/diff', '/metrics', '/metrics.csv'], reviewAccess(options.publicReview, 'api'));

  router.get('/matrix', downloads.matrixJson);
  router.get('/matrix.csv', downloads.matrixCsv);
  router.get('/events', downloads.timelineJson);
  router.get('/events.csv', downloads.timelineCsv);
  router.get('/diff', (req, res) => {
    const { from, to } = parseInput(DiffQuery, req.query);
    res.json({
      from, to,
      changes: loadDiff(sources, from, to).map((entry) => ({
        storefront: entry.storefrontSlug, storefrontName: entry.storefrontName, wallet: entry.walletSlug, walletName: entry.walletName,
        changed: entry.changed, from: entry.from, to: entry.to,
      })),
      links: linkChangesBetween(deps.repos, from, to).map(linkChangeJson),
    });
  });
  router.get('/metrics', downloads.metricsJson);
  router.get('/metrics.csv', downloads.metricsCsv);
  return router;
}
