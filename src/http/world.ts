import { Router } from 'express';
import { apiApp } from './api-app.ts';
import { pagesApp } from './pages-app.ts';
import type { AppSettings } from './route-deps.ts';

/**
 * The routes of every world, built once: the API under /api and the pages. Each request runs
 * them in the world its visit was resolved into (the default one or a sandbox's): handlers read
 * it with worldOf(req), never from a closure over one world.
 */
export function worldRoutes(settings: AppSettings): Router {
  const routes = Router();
  routes.use('/api', apiApp(settings));
  routes.use(pagesApp(settings));
  return routes;
}
