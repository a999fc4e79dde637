import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Helmet with a strict CSP: no inline script or style, no base URI, forms only to this site.
 * `hsts` (HUTONG_SECURE_COOKIES=1, i.e. served over HTTPS) adds Strict-Transport-Security.
 */
export function securityHeaders(options: { hsts: boolean } = { hsts: false }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
    // With no-referrer, Chromium sends `Origin: null` on form posts and the origin check cannot work.
    referrerPolicy: { policy: 'same-origin' },
    // Over plain HTTP (local use) the header would be ignored at best; behind HTTPS it keeps browsers there.
    strictTransportSecurity: options.hsts ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  });
}

/** Pages that show a secret once (a new token) or one person's business: no browser or proxy may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

export const NO_STORE_PATHS = ['/account', '/console', '/api/tokens', '/orders/:id/pay'];
