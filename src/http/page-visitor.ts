import type { Request, RequestHandler, Response } from 'express';
import { sessionAuthentication } from './auth.ts';
import { csrfFormToken } from './csrf.ts';
import { navigation } from './navigation.ts';
import { shopperIdentity } from './shopper.ts';
import { pageLinks } from './visit.ts';

/**
 * Who is visiting a page, worked out once before any page route runs, in this order: the links of
 * the visit's world; the shopper (their cookie, or a new one); the person signed in (the session
 * cookie), before the form token, which is tied to their session; what the navigation shows; and
 * the token for the page's forms, made before the body is read, so a form re-rendered because its
 * body could not be read (too large) still carries one (csrfProtection checks it later).
 * Last, `banner`: what the page shows of a sandbox it is in (or nothing).
 * One middleware, not six: each was a layer of the router every page request passed through.
 */
export function pageVisitor(settings: { secureCookies: boolean; banner: (req: Request, res: Response) => void }): RequestHandler {
  const shopper = shopperIdentity(settings);
  const formToken = csrfFormToken();
  return (req, res, next) => {
    pageLinks(req, res);
    shopper(req, res);
    sessionAuthentication(req, res);
    navigation(req, res);
    formToken(req, res);
    settings.banner(req, res);
    next();
  };
}
