import { Router } from 'express';
import type { RouteDeps } from '../app.ts';
import { loadDiff } from '../actions/review.ts';
import { parseInput } from '../http/validate.ts';
import { reviewAccess } from '../http/review-access.ts';
import { reviewExports } from './review-exports.ts';
import { DiffQuery, TimelineQuery } from '../http/inputs/review.ts';
import { reviewSources } from './review-support.ts';

/** GET /api/matrix, /api/events, /api/diff, /api/metrics and their .csv twins. */
export function apiReviewRoutes(deps: RouteDeps, options: { publicReview: boolean }): Router {
  const router = Router();
  const sources = reviewSources(deps);
  const exports = reviewExports(sources, deps.clock);
  // Gated per route: this router is mounted on /api beside others.
  const gate = reviewAccess(options.publicReview, 'api');

  router.get('/matrix', gate, exports.matrixJson);
  router.get('/matrix.csv', gate, exports.matrixCsv);
  router.get('/events', gate, exports.timelineJson(TimelineQuery, 50));
  router.get('/events.csv', gate, exports.timelineCsv(TimelineQuery, 50));
  router.get('/diff', gate, (req, res) => {
    const { from, to } = parseInput(DiffQuery, req.query);
    res.json({
      from, to,
      changes: loadDiff(sources, from, to).map((entry) => ({
        storefront: entry.storefrontSlug, storefrontName: entry.storefrontName, wallet: entry.walletSlug, walletName: entry.walletName,
        changed: entry.changed, from: entry.from, to: entry.to,
      })),
    });
  });
  router.get('/metrics', gate, exports.metricsJson);
  router.get('/metrics.csv', gate, exports.metricsCsv);
  return router;
}
