import type { RequestHandler, Router } from 'express';
import { firstSegment } from './route-table.ts';

/** A request path's first segment as the router matches it (case-insensitively, percent-escapes as sent). */
function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/**
 * A declared table as one handler: for each first path segment the table names, one router
 * (built by `build`) of the routes under it, plus the routes that start with a parameter, in
 * table order. A request whose first segment no route names goes to those parameter routes only.
 * One router for the whole table would match each request against every route in turn (a 404
 * paid for all of them); a new row needs no list kept by hand.
 */
export function bySegmentOfTable<R extends { path: string }>(table: readonly R[], build: (routes: R[]) => Router): RequestHandler {
  const segments = new Set(table.map((route) => firstSegment(route.path)).filter((segment) => segment !== null));
  const anywhere = table.filter((route) => firstSegment(route.path) === null);
  const routers = new Map(
    [...segments].map((segment) => [
      segment,
      build(
        table.filter((route) => {
          const first = firstSegment(route.path);
          return first === null || first === segment;
        }),
      ),
    ]),
  );
  const fallback = anywhere.length > 0 ? build(anywhere) : undefined;
  return (req, res, next) => {
    const router = routers.get(firstSegmentOf(req.path)) ?? fallback;
    if (!router) return next();
    router(req, res, next);
  };
}
