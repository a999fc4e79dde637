import type { RequestHandler } from 'express';

/** The methods that carry no body: no parser, no CSRF or content-type check. */
export const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

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
