import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { invalidFields, Refusal } from '../domain/errors.ts';
import { sha256 } from '../domain/passwords.ts';
import type { KeyOf } from '../db/idempotency.ts';
import { keptSince as keptSinceAt } from '../domain/due-items.ts';
import { fieldErrors, HttpProblem } from './problem.ts';
import { IdempotencyKeyHeader } from './inputs/orders.ts';
import { ownerKeyOf } from './owner-key.ts';
import type { RouteDeps } from './route-deps.ts';

/**
 * Idempotency-Key for every write the route table marks `idempotent`, in one place (the dispatcher
 * calls `answerOnce`), with the semantics payments have had: the same key and request again answer
 * the first answer with `Idempotent-Replayed: true`; the same key with another request is 422
 * idempotency_mismatch; while the first request with the key is still being answered, 409
 * idempotency_in_flight. A key is its sender's (the token's person, else the `shopper` the request
 * names, else the caller's address) and one operation's (method and path), and is kept 24 hours
 * of the world's clock.
 *
 * The handlers commit their own writes (each action opens its transaction; some wait for a group
 * commit), so the key cannot share the write's transaction: it is reserved first in a short
 * transaction of its own, the handler runs, and its 2xx answer is then kept. A refusal or an error
 * frees the reservation, so a corrected retry with the same key runs. For a synchronous handler
 * nothing else runs between its commit and the answer being kept; only a crash there leaves the
 * reservation in flight, and then the key answers 409 until it expires — never a second write.
 */

const OptionalKey = z.object({ 'idempotency-key': IdempotencyKeyHeader.shape['idempotency-key'].optional() });

/** The document's parameter for the header, as each idempotent operation lists it. */
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'IETF httpapi Idempotency-Key: a new random value (a UUID will do) for each change you mean to make; send the same one to retry safely. The same key and body again answer the first 2xx answer with Idempotent-Replayed: true; another body with it is 422 idempotency_mismatch; while the first request with it is being answered, 409 idempotency_in_flight. Keys are the sender’s (the token’s person, else the shopper the request names, else the hutong_sandbox_owner cookie; with none of these a key is 400) and kept 24 hours of the world’s clock (a sandbox’s clock moved past that frees them). It may be sent in double quotes.',
  schema: { type: 'string', pattern: '^(?:"[A-Za-z0-9_.:~-]{8,128}"|[A-Za-z0-9_.:~-]{8,128})$' },
  example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
} as const;

export const REPLAYED_HEADER = {
  description: '"true" when this answers an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};

/** The key the request sends, or undefined; a malformed one is a bad_request naming the header. */
function keyOf(req: KeyedRequest): string | undefined {
  const result = OptionalKey.safeParse(req.headers);
  if (!result.success) throw invalidFields(fieldErrors(result.error));
  return result.data['idempotency-key'];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Whose key it is: the token's person, else the shopper the request names, else the browser's
 * sandbox owner key. Never the caller's address: callers behind one proxy would share keys, and a
 * replay would hand one of them another's answer. A key with none of these has no owner: 400.
 */
function scopeOf(req: KeyedRequest): string {
  if (req.user) return `person:${req.user.username}`;
  const shopper = [req.body, req.query].map((input) => (isRecord(input) ? input.shopper : undefined)).find((s) => typeof s === 'string');
  if (typeof shopper === 'string') return `shopper:${shopper}`;
  const owner = ownerKeyOf(req);
  if (owner !== null) return `owner:${sha256(owner)}`;
  throw invalidFields([
    {
      path: 'idempotency-key',
      message:
        'a key is kept for whoever sent it: send an API token (Authorization: Bearer …), a shopper, or the hutong_sandbox_owner cookie with it — or send no key',
    },
  ]);
}

/** The request as sent (not as parsed: a default the parser makes up, a new shopper id, say, is not the caller's). */
function hashOf(req: KeyedRequest, headers: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([req.query ?? {}, req.body ?? null, headers]))
    .digest('hex');
}

/** An answer as the dispatcher sends it, and as a key keeps it. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** What the key is read from: its header, its sender, its operation. */
export type KeyedRequest = Pick<Request, 'headers' | 'user' | 'get' | 'method' | 'body' | 'query'>;

/**
 * Runs `handle` at most once per key: a first request runs it and its 2xx answer is kept; the
 * same request again gets that answer replayed. Without a key the handler simply runs.
 */
export async function answerOnce(
  req: KeyedRequest,
  world: Pick<RouteDeps, 'clock' | 'repos'>,
  inputs: { headers: unknown; params: unknown },
  route: { method: string; path: string },
  handle: () => Promise<Answer | undefined>,
): Promise<Answer | undefined> {
  const key = keyOf(req);
  if (key === undefined) return handle();
  // The declared operation and its parsed params, not the raw path: /api/Orders/ and /api/orders are one operation.
  const k: KeyOf = {
    scope: scopeOf(req),
    key,
    operation: `${route.method.toUpperCase()} ${route.path} ${JSON.stringify(inputs.params ?? {})}`,
  };
  const hash = hashOf(req, inputs.headers);
  const now = world.clock.now();
  const keptSince = keptSinceAt(now.toISOString());
  const keys = world.repos.idempotency;
  const earlier = keys.find(k, keptSince);
  if (earlier && earlier.requestHash !== hash) {
    throw new Refusal(
      'idempotency_mismatch',
      'This Idempotency-Key was already used for a different request; send a new key for a new change.',
    );
  }
  if (earlier?.state === 'done') {
    return {
      status: earlier.status ?? 200,
      body: earlier.body === null ? undefined : JSON.parse(earlier.body),
      headers: { ...earlier.headers, 'Idempotent-Replayed': 'true' },
    };
  }
  if (earlier || !keys.reserve(k, hash, now.toISOString(), keptSince)) {
    throw new HttpProblem(
      'idempotency_in_flight',
      'The first request with this Idempotency-Key is still being answered; retry in a moment with the same key.',
    );
  }
  let answer: Answer | undefined;
  try {
    answer = await handle();
  } catch (error) {
    keys.release(k);
    throw error;
  }
  // Only a success is kept: a refused request changed nothing, and its corrected retry may run.
  // (undefined: the handler answered by itself, which an idempotent route does not do.)
  if (answer && answer.status >= 200 && answer.status < 300) {
    keys.complete(k, {
      status: answer.status,
      headers: answer.headers,
      body: answer.body === undefined ? null : JSON.stringify(answer.body),
    });
  } else keys.release(k);
  return answer;
}
