import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Refusal } from '../domain/errors.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function csrfTokenFor(secret: string, key: string): string {
  return createHmac('sha256', secret).update(`csrf\u0000${key}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Synchronizer tokens tied to the visitor's session (or shopper cookie), plus an
 * Origin / Sec-Fetch-Site check, on every state-changing form request.
 * Bearer-token API calls carry no cookie and are exempt from the token (not the origin check).
 */
export function csrfProtection(options: { secret: string; isBearer: (req: Parameters<RequestHandler>[0]) => boolean }): RequestHandler {
  return (req, res, next) => {
    let token: string | undefined;
    // Computed when a page renders a form or a POST is checked, not for every JSON answer.
    Object.defineProperty(res.locals, 'csrfToken', {
      configurable: true,
      enumerable: true,
      get: () => (token ??= csrfTokenFor(options.secret, req.csrfKey)),
    });
    if (!UNSAFE.has(req.method)) return next();
    if (req.get('sec-fetch-site') === 'cross-site') {
      return next(new Refusal('forbidden', 'Cross-site requests are refused (Sec-Fetch-Site: cross-site).'));
    }
    const origin = req.get('origin');
    if (origin !== undefined && origin !== 'null' && origin !== `${req.protocol}://${req.get('host')}`) {
      return next(new Refusal('forbidden', `Requests from another origin (${origin}) are refused.`));
    }
    if (origin === 'null' && req.get('sec-fetch-site') !== 'same-origin') {
      return next(new Refusal('forbidden', 'Requests from an opaque origin are refused.'));
    }
    if (options.isBearer(req)) return next();
    const sent: unknown = req.body?._csrf ?? req.get('x-csrf-token');
    if (typeof sent !== 'string' || !sameToken(sent, res.locals.csrfToken as string)) {
      return next(new Refusal('forbidden', 'The form has expired or did not come from this site (missing or wrong CSRF token); reload the page and try again.'));
    }
    next();
  };
}
