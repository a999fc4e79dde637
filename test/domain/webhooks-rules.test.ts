import { describe, expect, it } from 'vitest';
import { VERBS } from '../../src/domain/transitions.ts';
import {
  EVENT_TYPES,
  eventTypeWhenRecorded,
  isEventPattern,
  matchesAny,
  parseAllowList,
  refusedAddress,
  refusedTarget,
} from '../../src/domain/webhooks.ts';
import { addressKind } from '../../src/domain/ip-addresses.ts';

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
      'integration.reported_not_offered',
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
    expect(isEventPattern('refund.*')).toBe(true);
    expect(isEventPattern('chargeback.*')).toBe(false);
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

describe('which addresses a webhook may reach once its host name is resolved', () => {
  it('tells loopback, private or reserved, and public addresses apart, in IPv4 and IPv6', () => {
    const kinds = (addresses: string[]) => addresses.map(addressKind);
    expect(kinds(['127.0.0.1', '127.255.0.9', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])).toEqual(Array(6).fill('loopback'));
    expect(
      kinds([
        '10.0.0.1',
        '172.16.5.4',
        '192.168.1.1',
        '169.254.169.254',
        '100.64.0.1',
        '0.0.0.0',
        '224.0.0.1',
        '255.255.255.255',
        '::',
        'fd00::1',
        'fe80::1%eth0',
        'ff02::1',
        '::ffff:10.0.0.1',
        '64:ff9b::a00:1',
        '2002:a00:1::1',
      ]),
    ).toEqual(Array(15).fill('internal'));
    expect(kinds(['93.184.216.34', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])).toEqual(Array(4).fill('public'));
    expect(kinds(['localhost', '256.0.0.1', '1::2::3', '1:2:3:4:5:6:7:8:9', ''])).toEqual(Array(5).fill(null));
  });

  it('allows a public address, a loopback one only with loopback, another only when listed itself, and anything with *', () => {
    expect(refusedAddress('hooks.test', '93.184.216.34', ['hooks.test'])).toBeNull();
    expect(refusedAddress('hooks.test', '127.0.0.1', ['hooks.test', 'loopback'])).toBeNull();
    expect(refusedAddress('hooks.test', '10.0.0.7', ['hooks.test', '10.0.0.7'])).toBeNull();
    expect(refusedAddress('hooks.test', '10.0.0.1', ['*'])).toBeNull();
    expect(refusedAddress('hooks.test', '127.0.0.1', ['hooks.test'])).toBe(
      'hooks.test resolves to a loopback address, and HUTONG_WEBHOOK_ALLOW=hooks.test does not include loopback',
    );
    expect(refusedAddress('evil.test', '10.0.0.1', ['evil.test', 'loopback'])).toBe(
      'evil.test resolves to an address on a private or reserved network, which HUTONG_WEBHOOK_ALLOW=evil.test,loopback does not list (the address is not named, so that DNS inside the network is not read through this message)',
    );
    expect(refusedAddress('localhost', '169.254.169.254', ['loopback'])).toMatch(/^localhost resolves to an address on a private/);
  });
});
