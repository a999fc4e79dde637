import type { RequestHandler } from 'express';
import type { Role } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import { requireActor, requireRole, requireSignIn } from './auth.ts';
import type { Guard } from './route-table.ts';
import { worldOf } from './visit.ts';

/** Who may call an API route, declared once per guard and named by the routes that use it. */

/** Anyone, and no token is read (signing in for one). */
export const noToken: Guard = { security: 'none', problems: [] };

/** Any API token. */
export const tokenHolders: Guard = {
  check: requireSignIn,
  security: 'bearer',
  problems: ['unauthorized'],
  who: 'Needs an API token (any role).',
};

/** An operator, reviewer or admin token (a viewer may read but not act). */
export const actors: Guard = {
  check: requireActor,
  security: 'bearer',
  problems: ['unauthorized', 'forbidden'],
  who: 'Needs an operator, reviewer or admin token; the domain then checks what this person may do here (403 otherwise).',
};

export function roles(...allowed: Role[]): Guard {
  return {
    check: requireRole(...allowed),
    security: 'bearer',
    problems: ['unauthorized', 'forbidden'],
    who: `Needs a token of: ${allowed.join(' or ')}.`,
  };
}

/** The review is open to anyone unless the server runs with HUTONG_PUBLIC_REVIEW=0; then any token may read it. */
export const reviewReaders: Guard = {
  check: (req, _res, next) =>
    next(
      worldOf(req).publicReview || req.user
        ? undefined
        : new Refusal('unauthorized', 'Sign in (or send an API token) to read the rollout review.'),
    ),
  security: 'optional',
  problems: ['unauthorized'],
  who: 'Open to anyone unless HUTONG_PUBLIC_REVIEW=0; then a token is needed (401 without).',
};

const sandboxUsers: RequestHandler = (req, _res, next) => {
  const world = worldOf(req);
  // Sandboxes are managed from the default world only: inside a sandbox there is no such route.
  if (!world.sandboxes)
    return next(
      new Refusal(
        'not_found',
        `There is nothing at ${req.method} ${req.originalUrl.split('?')[0]}: sandboxes are managed from the default world (/api/sandboxes).`,
      ),
    );
  next(
    req.user || world.demo
      ? undefined
      : new Refusal(
          'unauthorized',
          'Sandboxes need an API token (POST /api/tokens, then Authorization: Bearer <token>); anonymous use is allowed only with HUTONG_DEMO=1.',
        ),
  );
};

/** Any token; without one only when the server runs with HUTONG_DEMO=1. Only in the default world. */
export const sandboxManagers: Guard = {
  check: sandboxUsers,
  security: 'optional',
  problems: ['unauthorized', 'not_found'],
  who: 'Any API token; without one only when the server runs with HUTONG_DEMO=1 (401 otherwise). Served by the default world only (not under /sandboxes/{id}).',
};
