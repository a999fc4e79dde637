import { randomBytes } from 'node:crypto';
import type { CookieOptions, RequestHandler, Response } from 'express';

export const SHOPPER_COOKIE = 'hutong_shopper';
const SHOPPER_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function shopperCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 365 * 24 * 3600 * 1000 };
}

export function setNewShopper(res: Response, secure: boolean): string {
  const id = randomBytes(16).toString('base64url');
  res.cookie(SHOPPER_COOKIE, id, shopperCookieOptions(secure));
  return id;
}

/**
 * Gives every visitor a stable, random shopper id in a cookie (carts, orders, rollout buckets).
 * The id is made on first use, so a request that never needs it (an API call naming its
 * shopper) costs no random bytes and sets no cookie.
 */
export function shopperIdentity(options: { secureCookies: boolean }): RequestHandler {
  return (req, res, next) => {
    const fromCookie: unknown = req.cookies?.[SHOPPER_COOKIE];
    let shopperId = typeof fromCookie === 'string' && SHOPPER_ID.test(fromCookie) ? fromCookie : undefined;
    let csrfKey: string | undefined;
    Object.defineProperty(req, 'shopperId', {
      configurable: true,
      enumerable: true,
      get: () => (shopperId ??= setNewShopper(res, options.secureCookies)),
    });
    Object.defineProperty(req, 'csrfKey', {
      configurable: true,
      enumerable: true,
      get: () => csrfKey ?? `shopper:${req.shopperId}`,
      set: (key: string) => {
        csrfKey = key;
      },
    });
    next();
  };
}
