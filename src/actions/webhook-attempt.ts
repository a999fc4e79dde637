import { Webhook } from 'standardwebhooks';
import type { AttemptOutcome } from '../db/webhook-attempts.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../db/webhooks.ts';
import { honoursRetryAfter, nextWaitMs, retryAfterMs, type RandomSource, type RetryPolicy } from '../domain/webhook-schedule.ts';
import { checkTarget, type Answer, type CheckedTarget, type HostResolver } from './webhook-target.ts';

/**
 * What the delivery log says when no answer came. A refused connection, an unreachable host, a
 * reset and a timeout all read the same, so that the log cannot be used to tell open ports from
 * closed ones (on loopback above all); the server's own log keeps the cause.
 */
export const COULD_NOT_CONNECT = 'could not connect';

/** Sends one signed request (tests may give a fake; the default POSTs to the checked address). */
export type Poster = (target: CheckedTarget, init: { headers: Record<string, string>; body: string; timeoutMs: number }) => Promise<Answer>;

/** What a failed send was: the underlying cause (a refused connection, a timeout) when it wraps one. */
function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  return error.cause instanceof Error ? failureOf(error.cause) : `${code}${error.message}`;
}

/** One attempt's outcome: the answer if one came, what the delivery log says, and (for the server's log) why. */
export interface Sent {
  answer: Answer | null;
  error: string | null;
  /** The allow list refused the target: retrying would be refused again. */
  refused: boolean;
  cause: string | null;
  headers: Record<string, string> | null;
}

/**
 * The webhook-signature header: `v1,<sig>` with the secret, and, while a rotation's overlap lasts
 * (`at`, the world's time, before previousSecretUntil), a second `v1,<sig>` with the previous one,
 * space-separated as Standard Webhooks allows: a receiver holding either secret verifies it.
 */
export function signatureOf(endpoint: WebhookEndpoint, id: string, signedAt: Date, payload: string, at: Date): string {
  const signatures = [new Webhook(endpoint.secret).sign(id, signedAt, payload)];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && at.toISOString() < endpoint.previousSecretUntil)
    signatures.push(new Webhook(endpoint.previousSecret).sign(id, signedAt, payload));
  return signatures.join(' ');
}

export interface SendOptions {
  allow: readonly string[];
  resolve: HostResolver;
  timeoutMs: number;
  post: Poster;
  /** How many times the request is sent (2: the duplicate fault). */
  times: number;
}

/** Checks the endpoint's target again (resolving its host name) and POSTs the signed delivery to the checked address. */
export async function send(
  endpoint: WebhookEndpoint,
  delivery: WebhookDelivery,
  signedAt: Date,
  at: Date,
  options: SendOptions,
): Promise<Sent> {
  const checked = await checkTarget(endpoint.url, options.allow, options.resolve);
  if (!('target' in checked)) return { answer: null, error: checked.why, refused: checked.refused, cause: null, headers: null };
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Hutong-Webhooks/1',
    'webhook-id': delivery.id,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': signatureOf(endpoint, delivery.id, signedAt, delivery.payload, at),
  };
  try {
    let answer: Answer | undefined;
    for (let i = 0; i < options.times; i++)
      answer = await options.post(checked.target, { headers, body: delivery.payload, timeoutMs: options.timeoutMs });
    if (!answer) throw new Error('nothing was sent');
    const error = answer.status >= 200 && answer.status <= 299 ? null : `answered ${answer.status}`;
    return { answer, error, refused: false, cause: null, headers };
  } catch (error) {
    return { answer: null, error: COULD_NOT_CONNECT, refused: false, cause: failureOf(error), headers };
  }
}

/**
 * What an attempt made at `at` (the world's time) leads to: delivered on a 2xx; failed when the
 * target is refused, on 410 Gone (which also disables the endpoint), or after the round's last
 * attempt; otherwise pending until the schedule's next wait (jittered) — or, on a 429 or 503 with
 * Retry-After, that long (at most a day).
 */
export function outcomeOf(
  sent: Sent,
  delivery: WebhookDelivery,
  at: Date,
  policy: RetryPolicy,
  random: RandomSource,
  /** Real time: an HTTP date in Retry-After is read against it. */
  wallNow: Date,
): AttemptOutcome & { gone: boolean } {
  const status = sent.answer?.status ?? null;
  if (sent.error === null) return { status: 'delivered', nextAttemptAt: null, gone: false };
  if (status === 410) return { status: 'failed', nextAttemptAt: null, gone: true };
  if (sent.refused) return { status: 'failed', nextAttemptAt: null, gone: false };
  const failedInRound = delivery.attempts + 1 - delivery.roundStart;
  const scheduled = nextWaitMs(policy, failedInRound, random);
  if (scheduled === null) return { status: 'failed', nextAttemptAt: null, gone: false };
  const asked = honoursRetryAfter(status) ? retryAfterMs(sent.answer?.retryAfter, wallNow) : null;
  const wait = asked ?? scheduled;
  return { status: 'pending', nextAttemptAt: new Date(at.getTime() + wait).toISOString(), gone: false };
}
