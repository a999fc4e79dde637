import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';

export const SHOPPER_COOKIE = 'hutong_shopper';
const SHOPPER_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function shopperCookieOptions(secure: boolean, path = '/'): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path, maxAge: 365 * 24 * 3600 * 1000 };
}

export function setNewShopper(res: Response, secure: boolean, path = '/'): string {
  const id = randomBytes(16).toString('base64url');
  res.cookie(SHOPPER_COOKIE, id, shopperCookieOptions(secure, path));
  return id;
}

/**
 * Gives every page visitor a stable, random shopper id in a cookie (carts, orders, rollout
 * buckets). Pages only: the API names its shopper in the request and sets no cookie.
 */
export function shopperIdentity(options: { secureCookies: boolean; cookiePath: string }): RequestHandler {
  return (req, res, next) => {
    const fromCookie: unknown = req.cookies?.[SHOPPER_COOKIE];
    req.shopperId = typeof fromCookie === 'string' && SHOPPER_ID.test(fromCookie)
      ? fromCookie
      : setNewShopper(res, options.secureCookies, options.cookiePath);
    res.locals.shopperId = req.shopperId;
    next();
  };
}

/** The page visitor's shopper id (set by shopperIdentity on every page request). */
export function shopperOf(req: Request): string {
  if (req.shopperId === undefined) throw new Error('shopperOf() used outside the pages app');
  return req.shopperId;
}
