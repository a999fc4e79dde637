import type { RequestHandler, Router } from 'express';
import type { SandboxManager, SandboxWorld } from '../actions/sandboxes.ts';
import { Refusal } from '../domain/errors.ts';
import { toProblem } from './errors.ts';
import { sendProblem } from './problem.ts';
import { routeDeps, type AppDeps, type AppSettings, type RouteDeps } from './route-deps.ts';
import { visitWorld } from './visit.ts';

/**
 * /sandboxes/:sandboxId/… — every page and API route, run in a sandbox's own world: its
 * database, its clock, its cookies (scoped to its path) and links that stay inside it (the visit's
 * base). The routes are the same ones the default world runs; only the world differs.
 */
export function sandboxWorlds(manager: SandboxManager, app: AppDeps, settings: AppSettings, routes: Router): RequestHandler {
  const worlds = new WeakMap<SandboxWorld, RouteDeps>();

  function worldOf(sandbox: SandboxWorld, base: string): RouteDeps {
    let world = worlds.get(sandbox);
    if (!world) {
      world = routeDeps({
        db: sandbox.db,
        clock: sandbox.clock,
        repos: sandbox.repos,
        logger: settings.logger,
        config: app.config,
        webhookResolve: settings.webhookResolve,
        sandbox: { id: sandbox.id, base, manager },
      });
      worlds.set(sandbox, world);
    }
    return world;
  }

  return (req, res, next) => {
    const id = String(req.params.sandboxId);
    let entered: ReturnType<SandboxManager['enter']>;
    try {
      entered = manager.enter(id);
    } catch (error) {
      if (!(error instanceof Refusal)) return next(error);
      // An API client gets problem+json; a browser the default world's page for a missing sandbox.
      if (req.path === '/api' || req.path.startsWith('/api/')) return sendProblem(res, toProblem(error, req, settings.logger));
      return next();
    }
    // The world stays open while the request is in it (an idle one may be closed to make room).
    res.once('close', entered.leave);
    const sandbox = entered.world;
    const base = `/sandboxes/${sandbox.id}`;
    visitWorld(routes, req, res, next, worldOf(sandbox, base), base);
  };
}
