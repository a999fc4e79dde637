import { describe, expect, it } from 'vitest';
import { VERBS } from '../../src/domain/transitions.ts';
import {
  backoffMs,
  EVENT_TYPES,
  eventTypeWhenRecorded,
  isEventPattern,
  matchesAny,
  parseAllowList,
  refusedTarget,
} from '../../src/domain/webhooks.ts';

describe('webhook event names and patterns', () => {
  it('names every integration verb in the past tense, plus orders and payments', () => {
    expect(EVENT_TYPES).toEqual(
      expect.arrayContaining([
        'integration.approved',
        'integration.launched',
        'integration.withdrawn',
        'integration.reported',
        'order.placed',
        'order.paid',
        'payment.succeeded',
        'payment.declined',
        'payment.cancelled',
        'payment.expired',
      ]),
    );
  });

  it('announces each verb by its own past-tense name when it takes effect as it is recorded', () => {
    const now = '2026-11-22T09:00:00.000Z';
    expect(VERBS.map((verb) => eventTypeWhenRecorded(verb, now, now))).toEqual([
      'integration.requested',
      'integration.withdrawn',
      'integration.approved',
      'integration.rejected',
      'integration.launched',
      'integration.adjusted',
      'integration.suspended',
      'integration.resumed',
      'integration.revoked',
      'integration.reported',
    ]);
  });

  it('announces a change recorded for later as scheduled, and a backdated one by its own name', () => {
    const now = '2026-11-22T09:00:00.000Z';
    expect(eventTypeWhenRecorded('launch', now, '2026-11-22T09:00:00.001Z')).toBe('integration.scheduled');
    expect(eventTypeWhenRecorded('launch', now, '2021-11-29T00:00:00.000Z')).toBe('integration.launched');
  });

  it('accepts *, a known type, or a group.* that covers some type, and nothing else', () => {
    expect(isEventPattern('*')).toBe(true);
    expect(isEventPattern('order.paid')).toBe(true);
    expect(isEventPattern('payment.*')).toBe(true);
    expect(isEventPattern('integration.*')).toBe(true);
    expect(isEventPattern('integration.exploded')).toBe(false);
    expect(isEventPattern('refund.*')).toBe(false);
    expect(isEventPattern('pay.*')).toBe(false);
    expect(isEventPattern('integration.approv.*')).toBe(false);
    expect(isEventPattern('order')).toBe(false);
    expect(isEventPattern('')).toBe(false);
  });

  it('matches a type against *, itself, or its group only', () => {
    expect(matchesAny(['*'], 'order.paid')).toBe(true);
    expect(matchesAny(['order.paid'], 'order.paid')).toBe(true);
    expect(matchesAny(['order.*'], 'order.placed')).toBe(true);
    expect(matchesAny(['order.*'], 'payment.succeeded')).toBe(false);
    expect(matchesAny(['order.placed'], 'order.paid')).toBe(false);
    expect(matchesAny(['orde*'], 'order.paid')).toBe(false);
    expect(matchesAny(['pay.*'], 'payment.succeeded')).toBe(false);
    expect(matchesAny(['o.*'], 'order.paid')).toBe(false);
    expect(matchesAny(['order.placed', 'payment.*'], 'payment.declined')).toBe(true);
    expect(matchesAny([], 'order.paid')).toBe(false);
  });
});

describe('retrying a failed delivery', () => {
  it('waits base, 2·base, 4·base … and never more than an hour', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n, 1000))).toEqual([1000, 1000, 2000, 4000, 8000]);
    expect(backoffMs(30, 1000)).toBe(3_600_000);
    expect(backoffMs(12, 1000)).toBe(2_048_000);
    expect(backoffMs(13, 1000)).toBe(3_600_000);
  });
});

describe('which URLs may receive webhooks', () => {
  it('reads the allow list as trimmed, lower-case, non-empty entries', () => {
    expect(parseAllowList(' Loopback , *.Example.com,,hooks.test ')).toEqual(['loopback', '*.example.com', 'hooks.test']);
    expect(parseAllowList('')).toEqual([]);
  });

  it('allows loopback addresses by name, IPv4 range and IPv6', () => {
    for (const url of ['http://127.0.0.1:4000/hooks', 'http://127.8.9.10/x', 'http://localhost/x', 'https://[::1]:8443/x']) {
      expect(refusedTarget(url, ['loopback'])).toBeNull();
    }
    expect(refusedTarget('http://128.0.0.1/x', ['loopback'])).toMatch(/128\.0\.0\.1 is not an allowed webhook host/);
    expect(refusedTarget('http://127.0.0.1.evil.test/x', ['loopback'])).not.toBeNull();
  });

  it("allows a listed host, a listed domain's subdomains, or anything with *", () => {
    expect(refusedTarget('https://hooks.test/x', ['hooks.test'])).toBeNull();
    expect(refusedTarget('https://a.example.com/x', ['*.example.com'])).toBeNull();
    expect(refusedTarget('https://example.com/x', ['*.example.com'])).not.toBeNull();
    expect(refusedTarget('https://badexample.com/x', ['*.example.com'])).not.toBeNull();
    expect(refusedTarget('https://anywhere.test/x', ['*'])).toBeNull();
    expect(refusedTarget('https://books.test/x', ['hooks.test'])).toBe(
      'books.test is not an allowed webhook host (HUTONG_WEBHOOK_ALLOW=hooks.test; the default allows loopback addresses only)',
    );
    expect(refusedTarget('https://hooks.test/x', ['loopback', 'hooks.test'])).toBeNull();
    expect(refusedTarget('http://127.0.0.1/x', ['hooks.test'])).toMatch(/^127\.0\.0\.1 is not an allowed webhook host/);
    expect(refusedTarget('https://other.test/x', ['hooks.test', 'loopback'])).toMatch(/\(HUTONG_WEBHOOK_ALLOW=hooks\.test,loopback;/);
    expect(refusedTarget('https://other.test/x', ['hooks.test'])).toBe(
      'other.test is not an allowed webhook host (HUTONG_WEBHOOK_ALLOW=hooks.test; the default allows loopback addresses only)',
    );
  });

  it('refuses what is not an http(s) URL, or carries credentials', () => {
    expect(refusedTarget('not a url', ['*'])).toBe('not an absolute URL (e.g. http://127.0.0.1:4000/hooks)');
    expect(refusedTarget('file:///etc/passwd', ['*'])).toBe('only http and https URLs, not file:');
    expect(refusedTarget('http://user:pw@127.0.0.1/', ['*'])).toBe('no user name or password in the URL');
    expect(refusedTarget('http://user@127.0.0.1/', ['*'])).toBe('no user name or password in the URL');
    expect(refusedTarget('http://:pw@127.0.0.1/', ['*'])).toBe('no user name or password in the URL');
  });
});
