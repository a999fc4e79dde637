import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** A caller's own id is kept when it is short and plain (so it can be logged and echoed as is). */
const CALLERS_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Names every request once: the caller's `X-Request-Id` when it is a plain token, else a new UUID.
 * It goes back as `X-Request-Id`, into every problem as `requestId`, and into the log lines, so a
 * refusal a tester quotes can be found in the server's log.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    req.id = given !== undefined && CALLERS_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}
