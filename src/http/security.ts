import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { nameRequest } from './request-id.ts';

/**
 * What every answer carries, set in one middleware before anything else runs: the security
 * headers (below) and the request's id (nameRequest).
 */
export function answerHeaders(options: { hsts: boolean }): RequestHandler {
  const setSecurityHeaders = securityHeaders(options);
  return (req, res, next) => {
    setSecurityHeaders(res);
    nameRequest(req, res);
    next();
  };
}

/**
 * Helmet with a strict CSP: no inline script or style, no base URI, forms only to this site.
 * `hsts` (HUTONG_SECURE_COOKIES=1, i.e. served over HTTPS) adds Strict-Transport-Security.
 */
export function securityHeaders(options: { hsts: boolean } = { hsts: false }): (res: Response) => void {
  return headersOnce(
    helmet({
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
    }),
  );
}

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
type HeaderValue = number | string | readonly string[];

/** A response that is never sent, recording the headers set on it. */
class HeaderProbe extends ServerResponse {
  readonly headers: Array<[string, HeaderValue]> = [];
  constructor() {
    super(new IncomingMessage(new Socket()));
  }
  override setHeader(name: string, value: HeaderValue): this {
    this.headers.push([name, value]);
    return super.setHeader(name, value);
  }
}

/**
 * The headers `middleware` sets, worked out once on a probe, then set on every response: helmet
 * runs eleven middleware a request, and here none of its headers depends on the request (no CSP
 * nonce). Its one removal, X-Powered-By, the app never sets.
 */
function headersOnce(middleware: NodeMiddleware): (res: Response) => void {
  const probe = new HeaderProbe();
  middleware(probe.req, probe, () => undefined);
  const { headers } = probe;
  return (res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  };
}
/**
 * Paths of a world (the default one, or a sandbox's below its base): used by worldRoutes, so every
 * world sends the same headers. Matched on the raw path, so an undecodable one is not an error here,
 * and in any case, as Express routes (/Account is /account).
 */
const NO_STORE_PATHS = /^\/(?:account|console|requests|api\/(?:tokens|requests|carts)|orders\/[^/]+\/pay)(?:\/|$)/i;

/** Pages that show a secret once (a new token) or one person's business: no browser or proxy may keep them. */
export function noStoreWhereSecret(req: Request, res: Response): void {
  if (NO_STORE_PATHS.test(req.path)) res.setHeader('Cache-Control', 'no-store');
}
