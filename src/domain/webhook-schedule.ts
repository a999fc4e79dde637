/**
 * When a webhook message is attempted again: the Standard Webhooks example schedule (immediately,
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), carried on with three more 10 h waits so a receiver
 * that is down over a weekend still gets it — 11 attempts over about 57.6 hours, within three
 * days with the jitter. Each wait is moved by up to ±10 % (jitter), so receivers that failed
 * together are not all retried in the same second. Pure: the random source is given.
 */

/** The waits after each failed attempt, in ms: the first attempt is immediate, so 10 waits for 11 attempts. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** ±10 %. */
export const DEFAULT_JITTER = 0.1;

/** The longest wait a `Retry-After` is obeyed for: a day; a longer one waits a day. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** A random number in [0, 1): Math.random, or a seeded one in tests. */
export type RandomSource = () => number;

export interface RetryPolicy {
  /** The wait after the 1st, 2nd, … failed attempt of a round; a round has schedule.length + 1 attempts. */
  schedule: readonly number[];
  /** The fraction each wait may move either way (0.1: ±10 %). */
  jitter: number;
}

/** The wait, in ms, before the next attempt after `failed` failed ones of this round, or null when the round is over. */
export function nextWaitMs(policy: RetryPolicy, failed: number, random: RandomSource): number | null {
  const base = policy.schedule[failed - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
}

/** The window a jittered wait falls in: [base·(1−j), base·(1+j)]. */
export function jitterWindow(baseMs: number, jitter: number): { min: number; max: number } {
  return { min: Math.floor(baseMs * (1 - jitter)), max: Math.ceil(baseMs * (1 + jitter)) };
}

/**
 * `Retry-After` (RFC 9110): delay-seconds or an HTTP date. The wait in ms from `now`, bounded to
 * [0, MAX_RETRY_AFTER_MS]; null when there is none or it cannot be read.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  if (header === undefined) return null;
  const text = header.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, Math.min(at - now.getTime(), MAX_RETRY_AFTER_MS));
}

/** Whether an answer's `Retry-After` is honoured: only with 429 Too Many Requests and 503 Service Unavailable. */
export const honoursRetryAfter = (status: number | null): boolean => status === 429 || status === 503;

/** Parses HUTONG_WEBHOOK_SCHEDULE: comma-separated waits such as 5s,5m,30m,2h,5h,10h; null if one cannot be read. */
export function parseSchedule(text: string): number[] | null {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const waits = text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(ms|s|m|h|d)\s*$/.exec(part);
    return match ? Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN) : Number.NaN;
  });
  return waits.length > 0 && waits.every((ms) => Number.isFinite(ms) && ms > 0) ? waits : null;
}

/** A deterministic random source (mulberry32), for the faults' shuffle and for tests. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `items` in an order drawn from `random` (Fisher–Yates), a new array. */
export function shuffled<T>(items: readonly T[], random: RandomSource): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Faults a sandbox endpoint may ask for, so a receiver can prove it is idempotent and order-independent. */
export interface WebhookFaults {
  /** Send each message's first attempt twice, under the same webhook-id. */
  duplicate?: boolean | undefined;
  /** Wait this many real seconds before each attempt (at most 30). */
  delaySeconds?: number | undefined;
  /** Hold up to this many due messages and send them in a shuffled order (2–20). */
  shuffleWindow?: number | undefined;
  /** The shuffle's seed (default 1), so a failing run can be played again. */
  seed?: number | undefined;
}

export const hasFaults = (faults: WebhookFaults | null | undefined): faults is WebhookFaults =>
  !!faults && (!!faults.duplicate || (faults.delaySeconds ?? 0) > 0 || (faults.shuffleWindow ?? 0) > 1);
