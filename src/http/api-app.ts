import express, { Router, type RequestHandler } from 'express';
import type { RouteDeps } from './route-deps.ts';
import { apiDocsRoutes } from '../routes/api-docs.ts';
import { apiChangeRequestRoutes } from '../routes/api-change-requests.ts';
import { apiIntegrationRoutes } from '../routes/api-integrations.ts';
import { apiLinkRoutes } from '../routes/api-links.ts';
import { apiOrderRoutes } from '../routes/api-orders.ts';
import { apiReviewRoutes } from '../routes/api-review.ts';
import { apiStorefrontRoutes } from '../routes/api-storefronts.ts';
import { apiTokenRoutes } from '../routes/api-tokens.ts';
import { apiWebhookRoutes } from '../routes/api-webhooks.ts';
import { apiSandboxRoutes } from '../routes/api-sandboxes.ts';
import { bearerAuthentication } from './auth.ts';
import { sameOriginWrites } from './csrf.ts';
import { apiErrorHandler, apiNotFound } from './errors.ts';
import { bodiesOnly } from './bodies.ts';
import { HttpProblem } from './problem.ts';
import { bySegment } from './segment-dispatch.ts';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The API reads JSON bodies only; anything else is a 415 that says so. */
const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  if (BODYLESS.has(req.method) || !req.headers['content-type'] || req.is('application/json')) return next();
  next(new HttpProblem('unsupported_media_type', `Send the body as JSON (Content-Type: application/json), not ${req.headers['content-type']}.`));
};

/**
 * /api: a bearer token or anonymous, no cookies, no CSRF, no shopper cookie, JSON bodies
 * only, and one error policy: application/problem+json with a stable `code`.
 */
export function apiApp(deps: RouteDeps, options: { publicReview: boolean }): Router {
  const api = Router();
  // The API's page for people has the pages' layout (who is signed in): leave it to the pages app.
  api.get('/docs', (_req, _res, next) => next('router'));
  api.use(sameOriginWrites());
  api.use(jsonBodiesOnly);
  // A GET has no body to read: the JSON parser is only for the methods that carry one.
  api.use(bodiesOnly(express.json({ limit: '32kb' })));
  api.use(bearerAuthentication(deps));
  api.use(bySegment([
    apiStorefrontRoutes(deps),
    apiOrderRoutes(deps),
    apiTokenRoutes(deps),
    apiIntegrationRoutes(deps),
    apiChangeRequestRoutes(deps),
    apiLinkRoutes(deps),
    apiReviewRoutes(deps, options),
    apiWebhookRoutes(deps),
    ...(deps.sandboxes ? [apiSandboxRoutes(deps, deps.sandboxes)] : []),
    apiDocsRoutes(),
  ]));
  api.use(apiNotFound);
  api.use(apiErrorHandler(deps.logger));
  return api;
}
