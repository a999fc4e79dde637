import { Router, type RequestHandler } from 'express';
import type { z } from 'zod';
import { requirePageActor, requirePageSignIn } from './auth.ts';
import { answersAs } from './errors.ts';
import { reviewAccess } from './review-access.ts';
import { pageHandlers } from './route-table-express.ts';
import { pageRoute, type AnyPageRoute, type Guard, type InputSchema, type PageRoute } from './route-table.ts';
import { bySegmentOfTable } from './segment-dispatch.ts';
import type { ViewName } from './view-models.ts';
import { worldOf } from './visit.ts';

/**
 * The pages as a table: each row names its method and path, its guard, its zod inputs, the view
 * it renders and the form it re-renders on a refusal, and its handler. The Express routers are
 * built from the rows, and each request is dispatched by its first path segment (read from the
 * rows, not from Express's stacks).
 */

/** Declares a page route: like `pageRoute`, but the view it renders is a view that exists. */
export function page<
  P extends InputSchema | undefined = undefined,
  Q extends InputSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(route: PageRoute<P, Q, B, undefined> & { view?: ViewName }): AnyPageRoute {
  return pageRoute(route);
}

/** A signed-in person; a visitor who is not is sent to sign in (GET) or refused (POST). */
export const signedInPages: Guard = { check: requirePageSignIn, security: 'none', problems: ['unauthorized'], who: 'Signed in.' };

/** An operator, reviewer or admin (a viewer may read but not act). */
export const actorPages: Guard = {
  check: requirePageActor,
  security: 'none',
  problems: ['unauthorized', 'forbidden'],
  who: 'An operator, reviewer or admin.',
};

const onlyWhere =
  (here: (req: Parameters<RequestHandler>[0]) => boolean): RequestHandler =>
  (req, _res, next) =>
    next(here(req) ? undefined : 'route');

/** Served by the default world only: inside a sandbox the route is not there (its page is a 404). */
export const defaultWorldPages: Guard = {
  check: onlyWhere((req) => !worldOf(req).sandbox),
  security: 'none',
  problems: ['not_found'],
  who: 'The default world only.',
};

/** Served inside a sandbox only. */
export const sandboxPages: Guard = {
  check: onlyWhere((req) => Boolean(worldOf(req).sandbox)),
  security: 'none',
  problems: ['not_found'],
  who: 'Inside a sandbox only.',
};

/** One router for some of the table's rows, in table order. */
export function pageRouterOf(routes: readonly AnyPageRoute[]): Router {
  const router = Router();
  for (const route of routes) router[route.method](route.path, ...pageHandlers(route));
  return router;
}

/** The pages' table as one handler: each request goes to the rows under its first path segment. */
export function pageTableHandler(table: readonly AnyPageRoute[]): RequestHandler {
  return bySegmentOfTable(table, pageRouterOf);
}

/** The review: open to anyone unless the server runs with HUTONG_PUBLIC_REVIEW=0; then a visitor is sent to sign in. */
export const reviewReaders: Guard = {
  check: (req, res, next) => reviewAccess(worldOf(req).publicReview, 'page')(req, res, next),
  security: 'none',
  problems: [],
  who: 'Anyone, unless HUTONG_PUBLIC_REVIEW=0 (then signed in).',
};

/** A review download: like the review pages, and its refusals answer in its own format (JSON or CSV). */
export function reviewDownloadsAs(format: 'json' | 'csv'): Guard {
  const answers = answersAs(format);
  return { ...reviewReaders, check: (req, res, next) => answers(req, res, () => reviewReaders.check?.(req, res, next)) };
}
