import type { Actor } from '../domain/actors.ts';
import type { Visit } from './visit.ts';

/** What Hutong's middleware adds to a request. */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Pages only: the anonymous shopper's opaque id, from the hutong_shopper cookie (set on the first visit). */
      shopperId?: string;
      /** This request's id (X-Request-Id), set first of all by requestId(). */
      id?: string;
      /** The signed-in person (pages: session cookie; API: bearer token), if any. */
      user?: Actor;
      /** The visit: the world this request is in (the default one or a sandbox's), its base path, where the shopper stands; set once as the world is entered (visitWorld). */
      visit?: Visit;
      /** Pages only: the server-side session id, when signed in. */
      sessionId?: string;
    }
  }
}
