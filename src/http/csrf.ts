import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { Refusal } from '../domain/errors.ts';
import { shopperOf } from './shopper.ts';
import { worldOf } from './visit.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function csrfTokenFor(secret: string | KeyObject, key: string): string {
  return createHmac('sha256', secret).update(`csrf\u0000${key}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A state-changing request from another site: refused whatever it carries. */
export function foreignOriginRefusal(req: Request): Refusal | undefined {
  if (req.get('sec-fetch-site') === 'cross-site') {
    return new Refusal('forbidden', 'Cross-site requests are refused (Sec-Fetch-Site: cross-site).');
  }
  const origin = req.get('origin');
  if (origin !== undefined && origin !== 'null' && origin !== `${req.protocol}://${req.get('host')}`) {
    return new Refusal('forbidden', `Requests from another origin (${origin}) are refused.`);
  }
  if (origin === 'null' && req.get('sec-fetch-site') !== 'same-origin') {
    return new Refusal('forbidden', 'Requests from an opaque origin are refused.');
  }
  return undefined;
}

/** A state-changing request from another site, refused (the API's writes: no CSRF token, but no foreign origin either). */
export function foreignWriteRefusal(req: Request): Refusal | undefined {
  return UNSAFE.has(req.method) ? foreignOriginRefusal(req) : undefined;
}

/** Each world's secret as a key object, made once: a string secret is turned into a key on every HMAC. */
function hmacKeys(): (req: Request) => KeyObject {
  // Keyed by the world: a closed sandbox's key goes with it.
  const keys = new WeakMap<object, KeyObject>();
  return (req) => {
    const world = worldOf(req);
    let key = keys.get(world);
    if (!key) {
      key = createSecretKey(Buffer.from(world.secret, 'utf8'));
      keys.set(world, key);
    }
    return key;
  };
}

function csrfTokenOf(secret: KeyObject, req: Request): string {
  return csrfTokenFor(secret, req.sessionId ? `session:${req.sessionId}` : `shopper:${shopperOf(req)}`);
}

/**
 * The token for the page's forms, before the body is read: a form re-rendered because its
 * body could not be read (too large) still carries a token. `csrfProtection` checks it later.
 */
export function csrfFormToken(): (req: Request, res: Response) => void {
  const keyOf = hmacKeys();
  return (req, res) => {
    res.locals.csrfToken = csrfTokenOf(keyOf(req), req);
  };
}

/**
 * Synchronizer tokens (keyed by the world's secret) tied to the visitor's session (or, for an anonymous shopper, the shopper
 * cookie), plus an Origin / Sec-Fetch-Site check, on every state-changing page request.
 * The API sub-app never reads cookies: it needs no token, only `foreignWriteRefusal`.
 */
export function csrfProtection(): RequestHandler {
  const keyOf = hmacKeys();
  return (req, res, next) => {
    // csrfFormToken has made it for this visitor already (one HMAC a request, not two).
    const token = typeof res.locals.csrfToken === 'string' ? res.locals.csrfToken : csrfTokenOf(keyOf(req), req);
    res.locals.csrfToken = token;
    if (!UNSAFE.has(req.method)) return next();
    const foreign = foreignOriginRefusal(req);
    if (foreign) return next(foreign);
    const sent: unknown = req.body?._csrf ?? req.get('x-csrf-token');
    if (typeof sent !== 'string' || !sameToken(sent, token)) {
      return next(
        new Refusal(
          'forbidden',
          'The form has expired or did not come from this site (missing or wrong CSRF token); reload the page and try again.',
        ),
      );
    }
    next();
  };
}
