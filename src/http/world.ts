import { Router } from 'express';
import { apiApp } from './api-app.ts';
import { pagesApp } from './pages-app.ts';
import type { RouteDeps } from './route-deps.ts';
import { resolveWorld } from './visit.ts';

/** One world's routes: the API under /api and the pages. The default world and every sandbox each have one. */
export function worldRouter(ctx: RouteDeps): Router {
  const world = Router();
  world.use(resolveWorld(ctx));
  world.use('/api', apiApp(ctx, { publicReview: ctx.publicReview }));
  world.use(pagesApp(ctx, { publicReview: ctx.publicReview }));
  return world;
}

