import type { Actor } from '../domain/actors.ts';

/** What Hutong's middleware adds to every request. */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The anonymous shopper's opaque id, from the hutong_shopper cookie. */
      shopperId: string;
      /** The key CSRF tokens are tied to: the signed-in session, else the shopper. */
      csrfKey: string;
      /** The signed-in person (session cookie or API bearer token), if any. */
      user?: Actor;
      /** The server-side session id, when signed in with a cookie. */
      sessionId?: string;
    }
  }
}
export {};
