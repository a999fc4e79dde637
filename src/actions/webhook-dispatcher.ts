import type { Logger } from 'pino';
import type { WebhookAttempts } from '../domain/due-items.ts';
import type { Repositories } from '../db/repositories.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../db/webhooks.ts';
import { systemClock, type Clock } from '../domain/time.ts';
import {
  DEFAULT_JITTER,
  DEFAULT_RETRY_SCHEDULE_MS,
  seededRandom,
  shuffled,
  type RandomSource,
  type RetryPolicy,
} from '../domain/webhook-schedule.ts';
import { outcomeOf, send, type Poster } from './webhook-attempt.ts';
import { lookupAll, postTo, type HostResolver } from './webhook-target.ts';
import { onOutboxWritten } from './webhook-wakeups.ts';

export interface DispatcherOptions {
  repos: Repositories;
  /** The world's clock: when attempts are due and made (a sandbox's own clock there). */
  clock: Clock;
  logger: Logger;
  /** HUTONG_WEBHOOK_ALLOW, parsed: checked again at each attempt, in case it (or what the host name resolves to) changed since the webhook was made. */
  allow: readonly string[];
  /** Resolves the host names of webhook URLs (default: the system's resolver, every address). */
  resolve?: HostResolver;
  /** The waits between attempts and their jitter (default: the Standard Webhooks schedule, ±10 %). */
  retry?: RetryPolicy | undefined;
  /** The jitter's random source (tests give a fixed one). */
  random?: RandomSource;
  /** Requests in flight at once to one endpoint (default 1: first attempts go out in sequence order). */
  inFlightPerEndpoint?: number | undefined;
  /**
   * The world's clock stands still between moves (a sandbox's): a retry falls due only when
   * deliverThrough moves past it, so no timer is armed for one.
   */
  clockStandsStill?: boolean;
  /** Arms the one-shot timers (the next retry; a shuffle window's gathering): tests give a fake one. */
  timers?: Timers;
  /** No answer within this long is "could not connect" (default 15 s). */
  timeoutMs?: number;
  /** The time put in webhook-timestamp: real time, whatever `clock` says (receivers refuse a timestamp five minutes off theirs). */
  wallClock?: Clock;
  /** Sends one request (tests: a fake that answers on cue). */
  post?: Poster;
  /** Waits, for the delay fault (tests: at once). */
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `run` once after `ms` (unless cancelled by the function it returns). */
export interface Timers {
  after(ms: number, run: () => void): () => void;
}

/** Real timers that keep no process alive by themselves. */
const realTimers: Timers = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface WebhookDispatcher {
  /** Starts what is due now on each endpoint with room, and waits for those attempts; resolves with how many were started. */
  deliverDue(): Promise<number>;
  /**
   * Every attempt due at or before `until` on the world's clock, each endpoint's in time order (the
   * endpoints side by side), each retry due from its previous attempt's world time: moving a
   * sandbox's clock three days makes three days of the schedule.
   */
  deliverThrough(until: string): Promise<WebhookAttempts>;
  /** Delivers what is due now, then sleeps until the outbox is written or the next retry falls due. */
  start(): void;
  /** Stops (no more wake-ups, no timer) and waits for the attempts in flight to be recorded. */
  stop(): Promise<void>;
}

const MAX_DELAY_S = 30;
/** setTimeout's longest wait; a retry due later is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long a shuffle window gathers the messages written after its first before sending them. */
const GATHER_MS = 1000;

/**
 * Delivers the outbox at least once. Each endpoint has its own queue: at most
 * `inFlightPerEndpoint` requests in flight to it, its due messages taken in sequence order, the
 * next one started as soon as one ends — so a slow or dead endpoint holds only its own queue.
 * Each attempt is signed (Standard Webhooks: webhook-id, the same on every retry;
 * webhook-timestamp; webhook-signature) and POSTed; a 2xx marks it delivered, a 410 disables the
 * endpoint, anything else is retried on the schedule (Retry-After on a 429/503) until the round
 * ends, then `failed`. Rows live in the database, so a restarted server picks up what was pending.
 * Started, it does not poll: it looks at the outbox when it is written (outboxWritten, after the
 * writer's commit), when an attempt ends, and when the next retry falls due (one timer, for the
 * earliest; none in a world whose clock stands still, nor in one with nothing pending).
 */
export function webhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { repos, clock, logger } = options;
  const resolve = options.resolve ?? lookupAll;
  const timers = options.timers ?? realTimers;
  const policy = options.retry ?? { schedule: DEFAULT_RETRY_SCHEDULE_MS, jitter: DEFAULT_JITTER };
  const random = options.random ?? Math.random;
  const limit = Math.max(1, options.inFlightPerEndpoint ?? 1);
  const wall = options.wallClock ?? systemClock;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const target = { allow: options.allow, resolve, timeoutMs: options.timeoutMs ?? 15_000, post: options.post ?? postTo };
  /** Per endpoint, the deliveries in flight to it. */
  const busy = new Map<string, Set<string>>();
  const running = new Set<Promise<unknown>>();
  // Per endpoint, its shuffle's random sequence, for the seed it has now (a new seed starts a new sequence).
  const shuffles = new Map<string, { seed: number; rng: RandomSource }>();
  /** The timer for the next retry: when it fires (ms since the epoch, world time) and how to cancel it. */
  let retry: { at: number; cancel: () => void } | undefined;
  /** Shuffle windows gathering their messages: the endpoints, and how to cancel each one's timer. */
  const gathering = new Map<string, () => void>();
  let unsubscribe: (() => void) | undefined;
  let lookQueued = false;
  let stopped = true;
  /** While deliverThrough runs, the queues start nothing (it makes the attempts itself, in time order). */
  let holding = 0;

  async function attempt(
    delivery: WebhookDelivery,
    at: Date,
    fault: string | null = null,
  ): Promise<'delivered' | 'pending' | 'failed' | 'gone'> {
    const endpoint = repos.webhooks.endpoint(delivery.endpointId);
    if (!endpoint || endpoint.disabledAt) return 'gone'; // deleted or disabled meanwhile
    const faults = endpoint.faults;
    const delay = Math.min(faults?.delaySeconds ?? 0, MAX_DELAY_S);
    if (delay > 0) await sleep(delay * 1000);
    const duplicate = !!faults?.duplicate && delivery.attempts === 0;
    const signedAt = wall.now();
    const started = Date.now();
    const sent = await send(endpoint, delivery, signedAt, at, { ...target, times: duplicate ? 2 : 1 });
    const statusCode = sent.answer?.status ?? null;
    // Only an answer's time is shown: how long a failed connection took would tell a closed port from a filtered one.
    const durationMs = statusCode === null ? 0 : Date.now() - started;
    const outcome = outcomeOf(sent, delivery, at, policy, random, wall.now());
    const faultsPlayed = [fault, duplicate ? 'duplicate' : null, delay > 0 ? `delayed ${delay} s` : null].filter(Boolean).join(', ');
    repos.webhooks.recordAttempt(
      {
        deliveryId: delivery.id,
        attempt: delivery.attempts + 1,
        at: at.toISOString(),
        statusCode,
        error: sent.error,
        durationMs,
        requestHeaders: sent.headers,
        responseBody: sent.answer?.body ?? null,
        fault: faultsPlayed || null,
      },
      outcome,
      outcome.gone ? { id: endpoint.id, reason: `answered 410 Gone at ${at.toISOString()}` } : undefined,
    );
    log(endpoint, delivery, sent.cause, { ...outcome, statusCode, error: sent.error });
    return outcome.gone ? 'gone' : outcome.status;
  }

  function log(
    endpoint: WebhookEndpoint,
    delivery: WebhookDelivery,
    cause: string | null,
    outcome: { status: string; nextAttemptAt: string | null; statusCode: number | null; error: string | null; gone: boolean },
  ): void {
    logger[outcome.status === 'delivered' ? 'info' : 'warn'](
      { webhook: endpoint.id, delivery: delivery.id, event: delivery.eventType, attempt: delivery.attempts + 1, cause, ...outcome },
      outcome.gone ? 'webhook endpoint gone (410): disabled' : 'webhook attempt',
    );
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    running.add(promise);
    void promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Starts the endpoint's due messages, up to its room; resolves when those attempts are recorded. */
  function fill(endpointId: string, skip?: Set<string>, gathered = false): Promise<unknown> {
    const inFlight = busy.get(endpointId) ?? new Set<string>();
    busy.set(endpointId, inFlight);
    const room = limit - inFlight.size;
    if (room <= 0 || holding > 0) return Promise.resolve();
    const now = clock.now();
    const endpoint = repos.webhooks.endpoint(endpointId);
    const window = endpoint?.faults?.shuffleWindow ?? 0;
    if (window > 1) return fillShuffled(endpointId, inFlight, { window, seed: endpoint?.faults?.seed ?? 1, now, skip, gathered });
    const due = repos.webhooks
      .dueOf(endpointId, now.toISOString(), room + inFlight.size)
      .filter((d) => !inFlight.has(d.id) && !skip?.has(d.id))
      .slice(0, room);
    for (const d of due) skip?.add(d.id);
    return Promise.all(due.map((delivery) => run(endpointId, inFlight, [delivery.id], () => attempt(delivery, clock.now()))));
  }

  /**
   * The out-of-order fault: up to `window` due messages held together and sent one by one in a
   * seeded shuffle. Woken by a write, a window not yet full gathers for a second first (deliverDue sends at once).
   */
  function fillShuffled(
    endpointId: string,
    inFlight: Set<string>,
    options: { window: number; seed: number; now: Date; skip: Set<string> | undefined; gathered: boolean },
  ): Promise<unknown> {
    const { window, seed, now, skip } = options;
    if (inFlight.size > 0) return Promise.resolve();
    const due = repos.webhooks.dueOf(endpointId, now.toISOString(), window).filter((d) => !skip?.has(d.id));
    if (due.length === 0) return Promise.resolve();
    if (due.length < window && !skip && !options.gathered) {
      if (!gathering.has(endpointId)) {
        const cancel = timers.after(GATHER_MS, () => {
          gathering.delete(endpointId);
          if (!stopped && holding === 0) void fill(endpointId, undefined, true);
        });
        gathering.set(endpointId, cancel);
      }
      return Promise.resolve();
    }
    gathering.get(endpointId)?.();
    gathering.delete(endpointId);
    for (const d of due) skip?.add(d.id);
    const kept = shuffles.get(endpointId);
    const rng = kept?.seed === seed ? kept.rng : seededRandom(seed);
    shuffles.set(endpointId, { seed, rng });
    const order = shuffled(due, rng);
    return run(
      endpointId,
      inFlight,
      order.map((d) => d.id),
      async () => {
        for (const delivery of order) await attempt(delivery, clock.now(), 'shuffled');
      },
    );
  }

  /** Runs one job on the endpoint's queue; when it ends, the queue takes its next due message at once. */
  function run(endpointId: string, inFlight: Set<string>, ids: string[], job: () => Promise<unknown>): Promise<unknown> {
    for (const id of ids) inFlight.add(id);
    return track(
      job()
        .catch((error: unknown) => logger.error({ err: error, webhook: endpointId }, 'webhook attempt failed'))
        .finally(() => {
          for (const id of ids) inFlight.delete(id);
          if (stopped) return;
          void fill(endpointId);
          armRetry();
        }),
    );
  }

  function pump(skip?: Set<string>): Promise<unknown>[] {
    return repos.webhooks.endpointsDue(clock.now().toISOString()).map((endpointId) => fill(endpointId, skip));
  }

  /** Rounds of each queue's room until nothing due is left unattempted by this call (each message at most once). */
  async function deliverDue(): Promise<number> {
    const attempted = new Set<string>();
    for (;;) {
      const before = attempted.size;
      await Promise.all(pump(attempted));
      if (attempted.size === before) return attempted.size;
    }
  }

  async function deliverThrough(until: string): Promise<WebhookAttempts> {
    holding += 1;
    const counts = { attempted: 0, delivered: 0, retried: 0, failed: 0 };
    try {
      await Promise.all([...running]);
      const endpoints = repos.webhooks.endpointsDue(until);
      await track(
        Promise.all(
          endpoints.map(async (endpointId) => {
            for (;;) {
              const delivery = repos.webhooks.firstDueOf(endpointId, until);
              if (!delivery?.nextAttemptAt) return;
              const result = await attempt(delivery, new Date(delivery.nextAttemptAt));
              counts.attempted += 1;
              if (result === 'delivered') counts.delivered += 1;
              else if (result === 'pending') counts.retried += 1;
              else counts.failed += 1;
              if (result === 'gone') return;
            }
          }),
        ),
      );
    } finally {
      holding -= 1;
      // What was written while the move held the queues goes out now.
      if (holding === 0) wake();
    }
    return counts;
  }

  /** Starts what is due, then arms the timer for what falls due next. */
  function look(): void {
    lookQueued = false;
    if (stopped || holding > 0) return;
    try {
      pump();
      armRetry();
    } catch (error) {
      logger.error({ err: error }, 'webhook dispatch failed');
    }
  }

  /** A look on a later turn (after the writer's commit); wake-ups meanwhile make one look. */
  function wake(): void {
    if (stopped || lookQueued) return;
    lookQueued = true;
    setImmediate(look);
  }

  /** One timer, for the earliest message due later than now; none if nothing is, or if the clock stands still. */
  function armRetry(): void {
    if (stopped || options.clockStandsStill) return;
    const next = repos.webhooks.nextDueAfter(clock.now().toISOString());
    const at = next === undefined ? undefined : Date.parse(next);
    if (retry?.at === at) return;
    retry?.cancel();
    retry = undefined;
    if (at === undefined) return;
    const cancel = timers.after(Math.min(Math.max(0, at - clock.now().getTime()), MAX_TIMER_MS), () => {
      retry = undefined;
      look();
    });
    retry = { at, cancel };
  }

  return {
    deliverDue,
    deliverThrough,
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = onOutboxWritten(repos.db, wake);
      look();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = undefined;
      retry?.cancel();
      retry = undefined;
      for (const cancel of gathering.values()) cancel();
      gathering.clear();
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
