import type { Request, Response } from 'express';
import { inboxCountOf } from '../actions/inbox.ts';
import { worldOf } from './visit.ts';

/**
 * What the layout's navigation needs: the path inside the world (for the current link) and, for
 * a signed-in person, `inboxCount()` — a function the layout calls, so a redirect never pays for it.
 */
export function navigation(req: Request, res: Response): void {
  res.locals.path = req.path;
  const user = req.user;
  if (user) {
    const { repos, clock } = worldOf(req);
    res.locals.inboxCount = () => inboxCountOf(repos, user, clock.now().toISOString());
  } else {
    res.locals.inboxCount = () => 0;
  }
}
