import express, { Router, type Request, type RequestHandler } from 'express';
import type { AppSettings } from './route-deps.ts';
import { apiTable } from './route-table-api.ts';
import { bearerAuthentication } from './auth.ts';
import { BODYLESS } from './bodies.ts';
import { foreignWriteRefusal } from './csrf.ts';
import { apiErrorHandler, apiNotFound } from './errors.ts';
import { recordApiRequests } from './request-log.ts';
import { HttpProblem } from './problem.ts';
import { apiTableHandler } from './route-table-express.ts';

/** The API reads JSON bodies only; anything else is a 415 that says so. */
function notJson(req: Request): HttpProblem | undefined {
  if (!req.headers['content-type'] || req.is('application/json')) return undefined;
  return new HttpProblem(
    'unsupported_media_type',
    `Send the body as JSON (Content-Type: application/json), not ${req.headers['content-type']}.`,
  );
}

/**
 * A request with a body, as one layer: refused when it is a write from another site, or not JSON;
 * else its body parsed. A GET (no body) goes straight on.
 */
function jsonBodies(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (BODYLESS.has(req.method)) return next();
    const refusal = foreignWriteRefusal(req) ?? notJson(req);
    if (refusal) return next(refusal);
    parser(req, res, next);
  };
}

/**
 * /api: a bearer token or anonymous, no cookies, no CSRF, no shopper cookie, JSON bodies
 * only, and one error policy: application/problem+json with a stable `code`.
 */
// The review's openness is read from the world per request (`options` is kept for the callers that still pass it).
export function apiApp(deps: Pick<AppSettings, 'logger' | 'demo'>, _options?: { publicReview: boolean }): Router {
  const api = Router();
  // The API's page for people has the pages' layout (who is signed in): leave it to the pages app.
  api.get('/docs', (_req, _res, next) => next('router'));
  api.use(recordApiRequests(deps.logger));
  // A GET has no body to read: the checks and the JSON parser are only for the methods that carry one.
  api.use(jsonBodies(express.json({ limit: '32kb' })));
  api.use(bearerAuthentication(deps));
  // The routes read their world from the request (worldOf): this app is built once and serves every world.
  api.use(apiTableHandler(apiTable));
  api.use(apiNotFound);
  api.use(apiErrorHandler(deps.logger));
  return api;
}
