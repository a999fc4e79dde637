import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { Repositories } from '../db/repositories.ts';
import type { DeliveryStatus, WebhookDelivery, WebhookEndpoint } from '../db/webhooks.ts';
import { systemClock, type Clock } from '../domain/time.ts';
import { backoffMs } from '../domain/webhooks.ts';
import { checkTarget, lookupAll, postTo, type HostResolver } from './webhook-target.ts';

export interface DispatcherOptions {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  /** HUTONG_WEBHOOK_ALLOW, parsed: checked again at each attempt, in case it (or what the host name resolves to) changed since the webhook was made. */
  allow: readonly string[];
  /** Resolves the host names of webhook URLs (default: the system's resolver, every address). */
  resolve?: HostResolver;
  /** Give up (status failed) after this many attempts. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each further one (capped at an hour). */
  backoffMs: number;
  pollMs?: number;
  timeoutMs?: number;
  batchSize?: number;
  /** The time put in webhook-timestamp: real time, whatever `clock` says (receivers refuse a timestamp five minutes off theirs). */
  wallClock?: Clock;
}

export interface WebhookDispatcher {
  /** Sends every delivery that is due now; resolves with how many were attempted. */
  deliverDue(): Promise<number>;
  start(): void;
  /** Stops polling and waits for the attempts in flight to be recorded. */
  stop(): Promise<void>;
}

/**
 * What the delivery log says when no answer came. A refused connection, an unreachable host, a
 * reset and a timeout all read the same, so that the log cannot be used to tell open ports from
 * closed ones (on loopback above all); the server's own log keeps the cause.
 */
export const COULD_NOT_CONNECT = 'could not connect';

/** What a failed send was: the underlying cause (a refused connection, a timeout) when it wraps one. */
function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  return error.cause instanceof Error ? failureOf(error.cause) : `${code}${error.message}`;
}

/** One attempt's outcome: the status code if an answer came, what the delivery log says, and (for the server's log) why. */
interface Sent {
  statusCode: number | null;
  error: string | null;
  /** The allow list refused the target: retrying would be refused again. */
  refused: boolean;
  cause: string | null;
}

/** Checks the endpoint's target again (resolving its host name) and POSTs the signed delivery to the checked address. */
async function send(
  endpoint: WebhookEndpoint,
  delivery: WebhookDelivery,
  signedAt: Date,
  target: { allow: readonly string[]; resolve: HostResolver; timeoutMs: number },
): Promise<Sent> {
  const checked = await checkTarget(endpoint.url, target.allow, target.resolve);
  if (!('target' in checked)) return { statusCode: null, error: checked.why, refused: checked.refused, cause: null };
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Hutong-Webhooks/1',
    'webhook-id': delivery.id,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': new Webhook(endpoint.secret).sign(delivery.id, signedAt, delivery.payload),
  };
  try {
    const statusCode = await postTo(checked.target, { headers, body: delivery.payload, timeoutMs: target.timeoutMs });
    const answered = statusCode >= 200 && statusCode <= 299 ? null : `answered ${statusCode}`;
    return { statusCode, error: answered, refused: false, cause: null };
  } catch (error) {
    return { statusCode: null, error: COULD_NOT_CONNECT, refused: false, cause: failureOf(error) };
  }
}

/**
 * Delivers the outbox at least once: each due row is signed (Standard Webhooks: webhook-id, the
 * same on every retry; webhook-timestamp; webhook-signature) and POSTed; a 2xx marks it
 * delivered, anything else schedules a retry with exponential back-off until maxAttempts.
 * Rows live in the database, so a restarted server picks up whatever was still pending.
 * Each attempt resolves the host name again, checks every address against the allow list and
 * connects to the checked one (see webhook-target.ts).
 */
export function webhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { repos, clock, logger } = options;
  const resolve = options.resolve ?? lookupAll;
  const pollMs = options.pollMs ?? 250;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  async function attempt(delivery: WebhookDelivery): Promise<void> {
    const endpoint = repos.webhooks.endpoint(delivery.endpointId);
    if (!endpoint) return; // deleted meanwhile: its pending rows were cancelled with it
    const at = clock.now();
    const signedAt = (options.wallClock ?? systemClock).now();
    const started = Date.now();
    const sent = await send(endpoint, delivery, signedAt, { allow: options.allow, resolve, timeoutMs: options.timeoutMs ?? 10_000 });
    const { statusCode, error } = sent;
    // Only an answer's time is shown: how long a failed connection took would tell a closed port from a filtered one.
    const durationMs = statusCode === null ? 0 : Date.now() - started;
    const attempts = delivery.attempts + 1;
    // A target the allow list no longer admits is not retried: it would be refused every time.
    const status: DeliveryStatus = error === null ? 'delivered' : attempts >= options.maxAttempts || sent.refused ? 'failed' : 'pending';
    const nextAttemptAt = status === 'pending' ? new Date(at.getTime() + backoffMs(attempts, options.backoffMs)).toISOString() : null;
    repos.webhooks.recordAttempt(
      { deliveryId: delivery.id, attempt: attempts, at: at.toISOString(), statusCode, error, durationMs },
      { status, nextAttemptAt },
    );
    logger[status === 'delivered' ? 'info' : 'warn'](
      {
        webhook: endpoint.id,
        delivery: delivery.id,
        event: delivery.eventType,
        attempt: attempts,
        status,
        statusCode,
        error,
        cause: sent.cause,
        nextAttemptAt,
      },
      'webhook attempt',
    );
  }

  async function deliverDue(): Promise<number> {
    const due = repos.webhooks.due(clock.now().toISOString(), options.batchSize ?? 20);
    await Promise.all(due.map(attempt));
    return due.length;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = deliverDue().catch((error: unknown) => {
        logger.error({ err: error }, 'webhook dispatch failed');
        return 0;
      });
      void running.then(schedule);
    }, pollMs);
  }

  return {
    deliverDue,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
