import type { RequestHandler, Response, Router } from 'express';
import pino from 'pino';
import type { SandboxManager, SandboxWorld } from '../actions/sandboxes.ts';
import { Refusal } from '../domain/errors.ts';
import { toProblem } from './errors.ts';
import { sendProblem } from './problem.ts';
import { routeDeps, type AppDeps } from './route-deps.ts';
import { worldRouter } from './world.ts';

/**
 * Keeps a redirect or Location inside the sandbox: a path on this site gets the sandbox's base
 * in front (unless it has it already, as a `next` taken from the request's own URL does).
 */
function keepInside(res: Response, base: string): void {
  const location = res.location.bind(res);
  res.location = (url: string) => location(url.startsWith('/') && !url.startsWith('//') && url !== base && !url.startsWith(`${base}/`) && !url.startsWith(`${base}?`) ? base + url : url);
}

/**
 * /sandboxes/:sandboxId/… — every page and API route of a sandbox's own world: its database, its
 * clock, its cookies (scoped to its path) and links that stay inside it. The world's routes are
 * built once per open sandbox.
 */
export function sandboxWorlds(manager: SandboxManager, app: AppDeps): RequestHandler {
  const routers = new WeakMap<SandboxWorld, Router>();
  const logger = app.logger ?? pino({ level: 'silent' });

  function routerOf(world: SandboxWorld, base: string): Router {
    let router = routers.get(world);
    if (!router) {
      router = worldRouter(routeDeps({
        db: world.db, clock: world.clock, repos: world.repos, logger: app.logger, config: app.config,
        sandbox: { id: world.id, base, manager },
      }));
      routers.set(world, router);
    }
    return router;
  }

  return (req, res, next) => {
    const id = String(req.params.sandboxId);
    let world: SandboxWorld;
    try {
      world = manager.world(id);
    } catch (error) {
      if (!(error instanceof Refusal)) return next(error);
      // An API client gets problem+json; a browser the default world's page for a missing sandbox.
      if (req.path === '/api' || req.path.startsWith('/api/')) return sendProblem(res, toProblem(error, req, logger));
      return next();
    }
    const base = `/sandboxes/${world.id}`;
    res.locals.base = base;
    keepInside(res, base);
    routerOf(world, base)(req, res, next);
  };
}
