import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { PeopleRepositories } from '../db/people.ts';
import { SESSION_HOURS } from '../db/sessions.ts';
import { actorOf, type UserRow } from '../db/users.ts';
import type { Role } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import { newSecret, sha256 } from '../domain/passwords.ts';
import type { Clock } from '../domain/time.ts';

export const SESSION_COOKIE = 'hutong_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer\s+(\S+)$/i;

export interface AuthDeps {
  people: PeopleRepositories;
  clock: Clock;
  logger: Logger;
  secureCookies: boolean;
  /** With HUTONG_DEMO=0 the demo personas (whose password is public) cannot sign in. */
  demo: boolean;
}

export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_HOURS * 3600 * 1000 };
}

export function isBearerRequest(req: Request): boolean {
  return /^Bearer\s/i.test(req.get('authorization') ?? '');
}

/**
 * The API's writes (POST /api/tokens, POST /api/integrations/…) never use the session
 * cookie: a token or nothing. So they need no CSRF token, and without a token they are 401.
 */
export function isApiWrite(req: Request): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && (req.path === '/api/tokens' || req.path.startsWith('/api/integrations/'));
}

function usable(user: UserRow | undefined, demo: boolean): UserRow | undefined {
  return user && (demo || !user.isDemo) ? user : undefined;
}

function fromBearer(deps: AuthDeps, req: Request): UserRow {
  const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
  const now = deps.clock.now().toISOString();
  const row = token ? deps.people.apiTokens.findActive(sha256(token), now) : undefined;
  const user = row && usable(deps.people.users.byId(row.userId), deps.demo);
  if (!row || !user) {
    deps.logger.warn({ path: req.path }, 'api token refused');
    throw new Refusal('unauthorized', 'The API token is missing, wrong, expired or revoked; get one with POST /api/tokens.');
  }
  deps.people.apiTokens.touch(row.id, now);
  return user;
}

/**
 * Who is asking: a bearer token (API; the cookie is then ignored) or the session cookie.
 * Signed in with a cookie, CSRF tokens are tied to the session instead of the shopper.
 */
export function authentication(deps: AuthDeps): RequestHandler {
  return (req, res, next) => {
    if (isBearerRequest(req)) {
      req.user = actorOf(fromBearer(deps, req));
    } else if (!isApiWrite(req)) {
      const sessionId: unknown = req.cookies?.[SESSION_COOKIE];
      if (typeof sessionId === 'string' && SESSION_ID.test(sessionId)) {
        const userId = deps.people.sessions.userIdFor(sha256(sessionId), deps.clock.now().toISOString());
        const user = userId === undefined ? undefined : usable(deps.people.users.byId(userId), deps.demo);
        if (user) {
          req.user = actorOf(user);
          req.sessionId = sessionId;
          req.csrfKey = `session:${sessionId}`;
        } else {
          res.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }
    res.locals.user = req.user;
    next();
  };
}

/** Starts a fresh session (a new id every sign-in, the old one destroyed) and sets its cookie. */
export function startSession(deps: AuthDeps, req: Request, res: Response, userId: number): void {
  if (req.sessionId) deps.people.sessions.destroy(sha256(req.sessionId));
  const sessionId = newSecret();
  deps.people.sessions.create(sha256(sessionId), userId, deps.clock.now().toISOString());
  res.cookie(SESSION_COOKIE, sessionId, sessionCookieOptions(deps.secureCookies));
}

export function endSession(deps: AuthDeps, req: Request, res: Response): void {
  if (req.sessionId) deps.people.sessions.destroy(sha256(req.sessionId));
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Declares who may use a route. Nobody signed in: a page redirects to sign-in,
 * anything else is a 401. Signed in with another role: 403.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) {
      if (req.method === 'GET' && !req.path.startsWith('/api/') && !req.originalUrl.startsWith('/api/')) {
        return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      }
      return next(new Refusal('unauthorized', 'Sign in first (or send an API token: Authorization: Bearer <token>).'));
    }
    if (!roles.includes(req.user.role)) {
      return next(new Refusal('forbidden', `${req.user.username} is a ${req.user.role}; this needs: ${roles.join(' or ')}.`));
    }
    next();
  };
}

export const requireSignIn = requireRole('operator', 'reviewer', 'admin', 'viewer');
export const requireActor = requireRole('operator', 'reviewer', 'admin');
