import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { PeopleRepositories } from '../db/people.ts';
import { SESSION_HOURS } from '../db/sessions.ts';
import { actorOf, type UserRow } from '../db/users.ts';
import { ROLES, type Actor, type Role } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import { newSecret, sha256 } from '../domain/passwords.ts';
import type { Clock } from '../domain/time.ts';
import { linkTo, worldOf } from './visit.ts';

export const SESSION_COOKIE = 'hutong_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer\s+(\S+)$/i;

export interface AuthDeps {
  people: PeopleRepositories;
  clock: Clock;
  logger: Logger;
  secureCookies: boolean;
  /** '/' in the default world, the sandbox's base path in a sandbox. */
  cookiePath: string;
  /** With HUTONG_DEMO=0 the demo personas (whose password is public) cannot sign in. */
  demo: boolean;
}

export function sessionCookieOptions(secure: boolean, path = '/'): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path, maxAge: SESSION_HOURS * 3600 * 1000 };
}

function usable(user: UserRow | undefined, demo: boolean): UserRow | undefined {
  return user && (demo || !user.isDemo) ? user : undefined;
}

/**
 * The API's caller (a person of the request's world): a bearer token, or anonymous. Cookies are never read here, so an API
 * write cannot ride on a browser's session and needs no CSRF token.
 */
export function bearerAuthentication(settings: Pick<AuthDeps, 'logger' | 'demo'>): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined) return next();
    const { people, clock } = worldOf(req);
    const token = BEARER.exec(header)?.[1];
    const now = clock.now().toISOString();
    const row = token ? people.apiTokens.findActive(sha256(token), now) : undefined;
    const user = row && usable(people.users.byId(row.userId), settings.demo);
    if (!row || !user) {
      settings.logger.warn({ path: req.originalUrl.split('?')[0] }, 'api token refused');
      return next(
        new Refusal(
          'unauthorized',
          'The API token is missing, wrong, expired or revoked; get one with POST /api/tokens and send Authorization: Bearer <token>.',
        ),
      );
    }
    people.apiTokens.touch(row.id, now);
    req.user = actorOf(user);
    next();
  };
}

/** The pages' visitor (people and sessions of the request's world): signed in with the session cookie, or not. */
export function sessionAuthentication(settings: Pick<AuthDeps, 'demo'>): RequestHandler {
  return (req, res, next) => {
    const sessionId: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof sessionId === 'string' && SESSION_ID.test(sessionId)) {
      const { people, clock, cookiePath } = worldOf(req);
      const userId = people.sessions.userIdFor(sha256(sessionId), clock.now().toISOString());
      const user = userId === undefined ? undefined : usable(people.users.byId(userId), settings.demo);
      if (user) {
        req.user = actorOf(user);
        req.sessionId = sessionId;
      } else {
        res.clearCookie(SESSION_COOKIE, { path: cookiePath });
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
  res.cookie(SESSION_COOKIE, sessionId, sessionCookieOptions(deps.secureCookies, deps.cookiePath));
}

export function endSession(deps: AuthDeps, req: Request, res: Response): void {
  if (req.sessionId) deps.people.sessions.destroy(sha256(req.sessionId));
  res.clearCookie(SESSION_COOKIE, { path: deps.cookiePath });
}

/** The signed-in person; only reached behind a guard, so a missing one is a 401, not a crash. */
export function signedIn(req: Request): Actor {
  if (!req.user) throw new Refusal('unauthorized', 'Sign in first (or send an API token: Authorization: Bearer <token>).');
  return req.user;
}

function refusalFor(user: Actor | undefined, roles: readonly Role[]): Refusal | undefined {
  if (!user) return new Refusal('unauthorized', 'Sign in first (or send an API token: Authorization: Bearer <token>).');
  if (!roles.includes(user.role)) return new Refusal('forbidden', `${user.username} is a ${user.role}; this needs: ${roles.join(' or ')}.`);
  return undefined;
}

/** Declares who may use an API route: no token is 401, another role 403. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => next(refusalFor(req.user, roles));
}

/** Declares who may use a page: a visitor who is not signed in is sent to sign in (GET) or refused (POST). */
export function requirePageRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user && req.method === 'GET') return res.redirect(303, linkTo(req, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`));
    next(refusalFor(req.user, roles));
  };
}

const ACTORS: readonly Role[] = ['operator', 'reviewer', 'admin'];
export const requireSignIn = requireRole(...ROLES);
export const requireActor = requireRole(...ACTORS);
export const requirePageSignIn = requirePageRole(...ROLES);
export const requirePageActor = requirePageRole(...ACTORS);
