import { randomBytes } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { cookieValues } from './auth.ts';
import { worldOf } from './visit.ts';

export const SHOPPER_COOKIE = 'hutong_shopper';
const SHOPPER_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function shopperCookieOptions(secure: boolean, path = '/'): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path, maxAge: 365 * 24 * 3600 * 1000 };
}

const ID_BYTES = 16;
const IDS_PER_DRAW = 256;

/** New shopper ids, 16 random bytes each, drawn 256 at a time: one call into the CSPRNG per 256 new visitors. */
function shopperIds(): () => string {
  let pool = Buffer.alloc(0);
  let used = 0;
  return () => {
    if (used === pool.length) {
      pool = randomBytes(ID_BYTES * IDS_PER_DRAW);
      used = 0;
    }
    used += ID_BYTES;
    return pool.toString('base64url', used - ID_BYTES, used);
  };
}

/**
 * Gives the response a new shopper id in the cookie. The cookie's attributes are written once
 * (what `res.cookie` with `shopperCookieOptions` writes), only its value and expiry per visitor.
 */
export function newShopperCookie(secure: boolean, path = '/'): (res: Response) => string {
  const nextId = shopperIds();
  const { maxAge = 0 } = shopperCookieOptions(secure, path);
  const attributes = `; Max-Age=${maxAge / 1000}; Path=${path}`;
  const flags = `; HttpOnly${secure ? '; Secure' : ''}; SameSite=Lax`;
  // The expiry is written to the second: worked out once a second, not for every new visitor.
  let expires = { second: Number.NaN, text: '' };
  return (res) => {
    const id = nextId();
    const second = Math.floor(Date.now() / 1000);
    if (second !== expires.second) expires = { second, text: new Date(second * 1000 + maxAge).toUTCString() };
    res.append('Set-Cookie', `${SHOPPER_COOKIE}=${id}${attributes}; Expires=${expires.text}${flags}`);
    return id;
  };
}

export function setNewShopper(res: Response, secure: boolean, path = '/'): string {
  const id = randomBytes(ID_BYTES).toString('base64url');
  res.cookie(SHOPPER_COOKIE, id, shopperCookieOptions(secure, path));
  return id;
}

/**
 * Gives every page visitor a stable, random shopper id in a cookie (scoped to the world's path) (carts, orders, rollout
 * buckets). Pages only: the API names its shopper in the request and sets no cookie. A step of the page visitor.
 */
export function shopperIdentity(options: { secureCookies: boolean }): (req: Request, res: Response) => void {
  // One cookie writer per path a world's cookies live under ('/' or a sandbox's base).
  const writers = new Map<string, (res: Response) => string>();
  const setNew = (res: Response, path: string) => {
    let write = writers.get(path);
    if (!write) {
      write = newShopperCookie(options.secureCookies, path);
      writers.set(path, write);
    }
    return write(res);
  };
  return (req, res) => {
    // The first one sent (the most specific path), as a cookie parser would take it; no other cookie is parsed.
    const fromCookie = cookieValues(req, SHOPPER_COOKIE)[0];
    req.shopperId = fromCookie !== undefined && SHOPPER_ID.test(fromCookie) ? fromCookie : setNew(res, worldOf(req).cookiePath);
    res.locals.shopperId = req.shopperId;
  };
}

/** The page visitor's shopper id (set by shopperIdentity on every page request). */
export function shopperOf(req: Request): string {
  if (req.shopperId === undefined) throw new Error('shopperOf() used outside the pages app');
  return req.shopperId;
}
