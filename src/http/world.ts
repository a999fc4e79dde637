import { Router, type RequestHandler } from 'express';
import { apiApp } from './api-app.ts';
import { pagesApp } from './pages-app.ts';
import type { AppSettings, RouteDeps } from './route-deps.ts';
import { worldOf } from './visit.ts';

/**
 * The API as each world serves it. Its routes still take their world when they are built, so
 * each world gets its own copy, made on its first request (the pages are built once).
 */
function apiOfEachWorld(): RequestHandler {
  const apis = new WeakMap<RouteDeps, Router>();
  return (req, res, next) => {
    const world = worldOf(req);
    let api = apis.get(world);
    if (!api) {
      api = apiApp(world, { publicReview: world.publicReview });
      apis.set(world, api);
    }
    api(req, res, next);
  };
}

/**
 * The routes of every world, built once: the API under /api and the pages. Each request runs
 * them in the world its visit was resolved into (the default one or a sandbox's).
 */
export function worldRoutes(settings: AppSettings): Router {
  const routes = Router();
  routes.use('/api', apiOfEachWorld());
  routes.use(pagesApp(settings));
  return routes;
}
