import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { SignInDeps } from '../actions/sign-in.ts';
import { SESSION_HOURS } from '../db/sessions.ts';
import { actorOf, type UserRow } from '../db/users.ts';
import { ROLES, type Actor, type Role } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import { newSecret, sha256 } from '../domain/passwords.ts';
import { linkTo, worldOf } from './visit.ts';

export const SESSION_COOKIE = 'hutong_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer\s+(\S+)$/i;

export interface AuthDeps {
  /** The home world's people, on real time (in every world). */
  identity: SignInDeps;
  secureCookies: boolean;
}

/** Cookies as the session's: the home world's, at '/', so one sign-in holds in every world the person may enter. */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_HOURS * 3600 * 1000 };
}

function usable(user: UserRow | undefined, demo: boolean): UserRow | undefined {
  return user && (demo || !user.isDemo) ? user : undefined;
}

/**
 * Every value a cookie has in the request, in the order sent. A browser sends two cookies of one
 * name when they have different paths (the most specific first): a session cookie a sandbox set
 * under its own path before sessions were the home world's still arrives before the home one.
 */
export function cookieValues(req: Pick<Request, 'get'>, name: string): string[] {
  const header = req.get('cookie');
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) values.push(pair.slice(at + 1).trim());
  }
  return values;
}

interface Found {
  user: UserRow;
  sessionId?: string;
  tokenId?: number;
}
/** Who a request's session or token names, looked up once a request (the sandbox's door and the world's routes both ask). */
const bySession = new WeakMap<Request, Found | null>();
const byToken = new WeakMap<Request, Found | null>();

/** The person the session cookie names (the first valid one sent), in the home world, on real time. */
export function sessionPerson(req: Request, identity: SignInDeps): Found | null {
  const known = bySession.get(req);
  if (known !== undefined) return known;
  const now = identity.clock.now().toISOString();
  let found: Found | null = null;
  for (const sessionId of cookieValues(req, SESSION_COOKIE)) {
    if (!SESSION_ID.test(sessionId)) continue;
    const userId = identity.people.sessions.userIdFor(sha256(sessionId), now);
    const user = userId === undefined ? undefined : usable(identity.people.users.byId(userId), identity.demo);
    if (user) {
      found = { user, sessionId };
      break;
    }
  }
  bySession.set(req, found);
  return found;
}

/** The person the bearer token names (none sent, or not valid: null), in the home world, on real time. */
export function tokenPerson(req: Request, identity: SignInDeps): Found | null {
  const known = byToken.get(req);
  if (known !== undefined) return known;
  const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
  const row = token ? identity.people.apiTokens.findActive(sha256(token), identity.clock.now().toISOString()) : undefined;
  const user = row && usable(identity.people.users.byId(row.userId), identity.demo);
  const found = row && user ? { user, tokenId: row.id } : null;
  byToken.set(req, found);
  return found;
}

/**
 * The API's caller (a person of the home world, in every world): a bearer token, or anonymous. Cookies are never read here, so an API
 * write cannot ride on a browser's session and needs no CSRF token.
 */
export function bearerAuthentication(settings: Pick<SignInDeps, 'logger'>): RequestHandler {
  return (req, _res, next) => {
    if (req.get('authorization') === undefined) return next();
    const { identity } = worldOf(req);
    const found = tokenPerson(req, identity);
    if (!found?.tokenId) {
      settings.logger.warn({ path: req.originalUrl.split('?')[0] }, 'api token refused');
      return next(
        new Refusal(
          'unauthorized',
          'The API token is missing, wrong, expired or revoked; get one with POST /api/tokens and send Authorization: Bearer <token>.',
        ),
      );
    }
    identity.people.apiTokens.touch(found.tokenId, identity.clock.now().toISOString());
    req.user = actorOf(found.user);
    next();
  };
}

/**
 * The pages' visitor (the home world's people and sessions, in every world): signed in with the session cookie, or not.
 * A step of the page visitor.
 */
export function sessionAuthentication(req: Request, res: Response): void {
  const sent = cookieValues(req, SESSION_COOKIE);
  if (sent.length > 0) {
    const { identity, sandbox, cookiePath } = worldOf(req);
    const found = sessionPerson(req, identity);
    if (found) {
      req.user = actorOf(found.user);
      req.sessionId = found.sessionId;
    } else {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    // A session cookie a sandbox set under its own path (before sessions were the home world's) is removed.
    if (sandbox && (sent.length > 1 || !found)) res.clearCookie(SESSION_COOKIE, { path: cookiePath });
  }
  res.locals.user = req.user;
}

/** Starts a fresh session in the home world (a new id every sign-in, the old one destroyed) and sets its cookie, at '/'. */
export function startSession(deps: AuthDeps, req: Request, res: Response, userId: number): void {
  const { people, clock } = deps.identity;
  if (req.sessionId) people.sessions.destroy(sha256(req.sessionId));
  const sessionId = newSecret();
  people.sessions.create(sha256(sessionId), userId, clock.now().toISOString());
  res.cookie(SESSION_COOKIE, sessionId, sessionCookieOptions(deps.secureCookies));
}

/** Ends the session (in every world: it is the home world's). */
export function endSession(deps: AuthDeps, req: Request, res: Response): void {
  if (req.sessionId) deps.identity.people.sessions.destroy(sha256(req.sessionId));
  res.clearCookie(SESSION_COOKIE, { path: '/' });
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
