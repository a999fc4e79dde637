import type { RequestHandler } from 'express';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A body parser for the methods that carry a body: a GET never reaches it. */
export function bodiesOnly(parser: RequestHandler): RequestHandler {
  return (req, res, next) => (BODYLESS.has(req.method) ? next() : parser(req, res, next));
}

/**
 * A form's body read, then `check` (its CSRF token), as one layer: a GET (no body, nothing to
 * check: its forms' token was made by the page visitor) goes straight on.
 */
export function formsChecked(parser: RequestHandler, check: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (BODYLESS.has(req.method)) return next();
    parser(req, res, (error?: unknown) => (error ? next(error) : check(req, res, next)));
  };
}
