import { describe, expect, it } from 'vitest';
import {
  DEFAULT_JITTER,
  DEFAULT_RETRY_SCHEDULE_MS,
  hasFaults,
  jitterWindow,
  MAX_RETRY_AFTER_MS,
  nextWaitMs,
  parseSchedule,
  retryAfterMs,
  seededRandom,
  shuffled,
} from '../../src/domain/webhook-schedule.ts';

const policy = { schedule: DEFAULT_RETRY_SCHEDULE_MS, jitter: DEFAULT_JITTER };
const H = 3_600_000;

describe('the retry schedule', () => {
  it('is the Standard Webhooks example carried on to 11 attempts over about 57.6 hours, within three days at the most jitter', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([5_000, 300_000, 1_800_000, 2 * H, 5 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H]);
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / H).toBeCloseTo(57.59, 1);
    expect(total * 1.1).toBeLessThan(72 * H);
  });

  it('moves each wait by at most ±10 %: the lowest random gives −10 %, the highest +10 %, the middle the wait itself', () => {
    expect(nextWaitMs(policy, 1, () => 0)).toBe(4_500);
    expect(nextWaitMs(policy, 1, () => 0.5)).toBe(5_000);
    expect(nextWaitMs(policy, 2, () => 0.999_999_9)).toBe(330_000);
    const random = seededRandom(7);
    for (let failed = 1; failed <= 10; failed++) {
      const wait = nextWaitMs(policy, failed, random) ?? -1;
      const window = jitterWindow(DEFAULT_RETRY_SCHEDULE_MS[failed - 1] ?? 0, 0.1);
      expect(wait).toBeGreaterThanOrEqual(window.min);
      expect(wait).toBeLessThanOrEqual(window.max);
    }
  });

  it('ends the round after the last wait: the 11th failed attempt has no next one', () => {
    expect(nextWaitMs(policy, 10, () => 0.5)).toBe(10 * H);
    expect(nextWaitMs(policy, 11, () => 0.5)).toBeNull();
  });

  it('reads HUTONG_WEBHOOK_SCHEDULE and refuses what it cannot read', () => {
    expect(parseSchedule('5s,5m, 30m,2h,1d,250ms')).toEqual([5_000, 300_000, 1_800_000, 2 * H, 24 * H, 250]);
    expect(parseSchedule('5 minutes')).toBeNull();
    expect(parseSchedule('')).toBeNull();
    expect(parseSchedule('0s')).toBeNull();
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-12-01T08:00:00Z');
  it('reads seconds and HTTP dates, bounded to a day and never negative', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 08:10:00 GMT', now)).toBe(600_000);
    expect(retryAfterMs('Mon, 30 Nov 2026 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
  it('ignores what is not one', () => {
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('-5', now)).toBeNull();
    expect(retryAfterMs('12.5', now)).toBeNull();
  });
});

describe('faults', () => {
  it('a seeded shuffle is the same every time and keeps every item', () => {
    const a = shuffled([1, 2, 3, 4, 5, 6], seededRandom(42));
    expect(shuffled([1, 2, 3, 4, 5, 6], seededRandom(42))).toEqual(a);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a).not.toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('no fault asked is none', () => {
    expect(hasFaults({ duplicate: false, delaySeconds: 0, shuffleWindow: 1 })).toBe(false);
    expect(hasFaults(null)).toBe(false);
    expect(hasFaults({ shuffleWindow: 3 })).toBe(true);
  });
});
