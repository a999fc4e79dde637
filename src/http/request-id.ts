import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

/** A caller's own id is kept when it is short and plain (so it can be logged and echoed as is). */
const CALLERS_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Names every request once: the caller's `Request-Id` (or `X-Request-Id`) when it is a plain token,
 * else a new UUID. It goes back as `Request-Id` and, for the clients that read the older name, as
 * `X-Request-Id`; into every problem as `requestId`; into the log lines and the world's request log,
 * so a refusal a tester quotes can be found.
 */
export function nameRequest(req: Request, res: Response): void {
  const given = req.headers['request-id'] ?? req.headers['x-request-id'];
  req.id = typeof given === 'string' && CALLERS_ID.test(given) ? given : randomUUID();
  res.setHeader('Request-Id', req.id);
  res.setHeader('X-Request-Id', req.id);
}
