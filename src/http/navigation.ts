import type { RequestHandler } from 'express';
import { inboxCountOf } from '../actions/inbox.ts';
import type { RouteDeps } from './route-deps.ts';

/**
 * What the layout's navigation needs: the path (for the current link) and, for a signed-in
 * person, `inboxCount()` — a function the layout calls, so a redirect never pays for it.
 */
export function navigation(deps: Pick<RouteDeps, 'repos' | 'clock'>): RequestHandler {
  return (req, res, next) => {
    res.locals.path = req.path;
    const user = req.user;
    res.locals.inboxCount = user ? () => inboxCountOf(deps.repos, user, deps.clock.now().toISOString()) : () => 0;
    next();
  };
}
