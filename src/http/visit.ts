import type { Request, RequestHandler } from 'express';
import type { RouteDeps } from './route-deps.ts';

/** Resolves the world a request is in, once, before any route runs. */
export function resolveWorld(world: RouteDeps): RequestHandler {
  return (req, _res, next) => {
    req.world = world;
    next();
  };
}

/** The world (database, clock, repositories, settings) the request was resolved into. */
export function worldOf(req: Request): RouteDeps {
  if (!req.world) throw new Error('worldOf: the request was not resolved into a world (resolveWorld runs first).');
  return req.world;
}
