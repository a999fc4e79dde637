import type { RequestHandler } from 'express';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A body parser for the methods that carry a body: a GET never reaches it. */
export function bodiesOnly(parser: RequestHandler): RequestHandler {
  return (req, res, next) => (BODYLESS.has(req.method) ? next() : parser(req, res, next));
}
