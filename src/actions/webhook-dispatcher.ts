import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { Repositories } from '../db/repositories.ts';
import type { DeliveryStatus, WebhookDelivery } from '../db/webhooks.ts';
import { systemClock, type Clock } from '../domain/time.ts';
import { backoffMs, refusedTarget } from '../domain/webhooks.ts';

export interface DispatcherOptions {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  /** HUTONG_WEBHOOK_ALLOW, parsed: checked again at each attempt, in case it changed since the webhook was made. */
  allow: readonly string[];
  /** Give up (status failed) after this many attempts. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each further one (capped at an hour). */
  backoffMs: number;
  pollMs?: number;
  timeoutMs?: number;
  batchSize?: number;
  send?: typeof fetch;
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
 * Delivers the outbox at least once: each due row is signed (Standard Webhooks: webhook-id, the
 * same on every retry; webhook-timestamp; webhook-signature) and POSTed; a 2xx marks it
 * delivered, anything else schedules a retry with exponential back-off until maxAttempts.
 * Rows live in the database, so a restarted server picks up whatever was still pending.
 */
/** What a failed send recorded: fetch's underlying cause (a refused connection, a timeout) when it wraps one. */
function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

export function webhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { repos, clock, logger } = options;
  const send = options.send ?? fetch;
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
    let statusCode: number | null = null;
    const refused = refusedTarget(endpoint.url, options.allow);
    let error: string | null = refused;
    if (refused === null) {
      try {
        const headers = {
          'content-type': 'application/json',
          'user-agent': 'Hutong-Webhooks/1',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
          'webhook-signature': new Webhook(endpoint.secret).sign(delivery.id, signedAt, delivery.payload),
        };
        const res = await send(endpoint.url, {
          method: 'POST',
          headers,
          body: delivery.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        statusCode = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (statusCode < 200 || statusCode > 299) error = `answered ${statusCode}`;
      } catch (e) {
        error = failureOf(e);
      }
    }
    const attempts = delivery.attempts + 1;
    // A target the allow list no longer admits is not retried: it would be refused every time.
    const status: DeliveryStatus =
      error === null ? 'delivered' : attempts >= options.maxAttempts || refused !== null ? 'failed' : 'pending';
    const nextAttemptAt = status === 'pending' ? new Date(at.getTime() + backoffMs(attempts, options.backoffMs)).toISOString() : null;
    repos.webhooks.recordAttempt(
      { deliveryId: delivery.id, attempt: attempts, at: at.toISOString(), statusCode, error, durationMs: Date.now() - started },
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
