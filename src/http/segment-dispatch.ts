import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { firstSegment } from './route-table.ts';

interface StackLayer {
  rawPath?: unknown;
  slash?: boolean;
}

/** `/shop/:slug/cart` → `shop`; `/` → ``; undefined when the path does not start with a fixed segment. */
function fixedFirstSegment(path: unknown): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
  const segment = path.slice(1).split('/', 1)[0] as string;
  // A parameter, a wildcard or an optional part decides the segment at request time.
  return /[:*{}()?+\\]/.test(segment) ? undefined : segment.toLowerCase();
}

/** The first segments a router's routes and middleware answer to, or null when one of them could answer any path. */
function segmentsOf(router: Router): Set<string> | null {
  const segments = new Set<string>();
  for (const layer of router.stack as StackLayer[]) {
    if (layer.slash) return null;
    const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
    for (const path of paths) {
      const segment = fixedFirstSegment(path);
      if (segment === undefined) return null;
      segments.add(segment);
    }
  }
  return segments;
}

/** A request path's first segment as the router matches it (case-insensitively, percent-escapes as sent). */
function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/**
 * Feature routers, tried in the order given, but each only by the requests whose first path
 * segment one of its routes starts with (read from the router's own stack when this is called,
 * so a new route needs no list kept by hand). What Express does with `app.use(router)` × n is
 * hand every request to every router, which matches it against every route in turn: a 404 paid
 * for all ~90 of them. A router with a middleware for every path, or a route that starts with
 * a parameter, is tried for every request, in its place.
 */
export function bySegment(routers: readonly Router[]): RequestHandler {
  const indexed = routers.map((router) => ({ router, segments: segmentsOf(router) }));
  const everywhere = indexed.filter((r) => r.segments === null).map((r) => r.router);
  const bySegmentName = new Map<string, Router[]>();
  for (const { segments } of indexed) {
    if (segments === null) continue;
    for (const segment of segments) {
      if (bySegmentName.has(segment)) continue;
      bySegmentName.set(segment, indexed.filter((r) => r.segments === null || r.segments.has(segment)).map((r) => r.router));
    }
  }

  const dispatch = (req: Request, res: Response, next: NextFunction) => {
    const candidates = bySegmentName.get(firstSegmentOf(req.path)) ?? everywhere;
    let i = 0;
    const tryNext = (error?: unknown): void => {
      if (error !== undefined && error !== null && error !== 'router') return next(error);
      const router = candidates[i++];
      if (!router) return next();
      router(req, res, tryNext);
    };
    tryNext();
  };
  // Shaped like a router's stack, so what walks Express's stacks (the OpenAPI coverage test) still sees every route.
  return Object.assign(dispatch, { stack: routers.map((router) => ({ handle: router })) });
}

/**
 * A declared table as one handler: for each first path segment the table names, one router
 * (built by `build`) of the routes under it, plus the routes that start with a parameter, in
 * table order. A request whose first segment no route names goes to those parameter routes only.
 */
export function bySegmentOfTable<R extends { path: string }>(table: readonly R[], build: (routes: R[]) => Router): RequestHandler {
  const segments = new Set(table.map((route) => firstSegment(route.path)).filter((segment) => segment !== null));
  const anywhere = table.filter((route) => firstSegment(route.path) === null);
  const routers = new Map([...segments].map((segment) => [segment, build(table.filter((route) => {
    const first = firstSegment(route.path);
    return first === null || first === segment;
  }))]));
  const fallback = anywhere.length > 0 ? build(anywhere) : undefined;
  return (req, res, next) => {
    const router = routers.get(firstSegmentOf(req.path)) ?? fallback;
    if (!router) return next();
    router(req, res, next);
  };
}
