import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The problem this answer was (sendProblem sets it), for the request log. */
      problemCode?: string;
    }
  }
}

/** The read of the log itself is not logged: reading it would push out what it is read for. */
const READS_THE_LOG = /\/api\/requests\/?$/;

/**
 * Records each /api request in its world's request log once it is answered: method, path (without
 * the query string, which may carry a shopper's id), status, duration, the token's person, its
 * Idempotency-Key and whether it was replayed, the problem's code, the request id, and when, on
 * the world's clock and in real time.
 */
export function recordApiRequests(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const world = req.visit?.world;
      const path = req.originalUrl.split('?')[0] ?? '';
      if (!world || (req.method === 'GET' && READS_THE_LOG.test(path))) return;
      const key = req.get('idempotency-key');
      try {
        world.repos.requestLog.record({
          requestId: req.id ?? '',
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
          person: req.user?.username ?? null,
          idempotencyKey:
            key === undefined
              ? null
              : key
                  .trim()
                  .replace(/^"(.*)"$/, '$1')
                  .slice(0, 128),
          replayed: res.getHeader('Idempotent-Replayed') === 'true',
          problemCode: res.locals.problemCode ?? null,
          worldAt: world.clock.now().toISOString(),
          realAt: world.identity.clock.now().toISOString(),
        });
      } catch (error) {
        logger.warn({ err: error, requestId: req.id }, 'request log: not recorded');
      }
    });
    next();
  };
}
