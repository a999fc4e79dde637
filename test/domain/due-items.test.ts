import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inDueOrder, keptSince, type DueItem } from '../../src/domain/due-items.ts';
import { orderExpiresAt } from '../../src/domain/due-order-expiry.ts';
import { durationProblem, parseDuration, parseDurationOrWords } from '../../src/domain/durations.ts';
import { mayReceive } from '../../src/domain/webhook-audience.ts';
import { isEventPattern } from '../../src/domain/webhooks.ts';

const change = (at: string, eventId: number): DueItem => ({
  kind: 'change',
  at,
  eventId,
  storefront: 'kaola',
  wallet: 'wechat-pay',
  verb: 'launch',
  type: 'integration.launched',
  toState: 'live',
  sourceFile: null,
});
const expiry = (at: string, orderId: string): DueItem => ({ kind: 'order_expiry', at, orderId, storefront: 'eleme', wallet: 'alipay' });

describe('the order in which due items are applied', () => {
  it('is by time; at the same instant a change before an expiry; then by id', () => {
    const items = [
      expiry('2021-10-01T00:00:00.000Z', 'ord_b'),
      change('2021-10-02T00:00:00.000Z', 7),
      expiry('2021-10-01T00:00:00.000Z', 'ord_a'),
      change('2021-10-01T00:00:00.000Z', 12),
      change('2021-10-01T00:00:00.000Z', 9),
      change('2021-09-30T23:59:59.999Z', 40),
    ];
    expect(inDueOrder(items).map((i) => (i.kind === 'change' ? i.eventId : i.orderId))).toEqual([40, 9, 12, 'ord_a', 'ord_b', 7]);
  });

  it('is a total order: any shuffle of the same items comes out the same, times never going back', () => {
    const item = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 1_000_000 }))
        .map(([day, id]) => change(`2021-10-0${day + 1}T00:00:00.000Z`, id)),
      fc
        .tuple(fc.integer({ min: 0, max: 5 }), fc.stringMatching(/^ord_[a-z]{3}$/))
        .map(([day, id]) => expiry(`2021-10-0${day + 1}T00:00:00.000Z`, id)),
    );
    const itemsAndShuffle = fc
      .uniqueArray(item, { selector: (i) => (i.kind === 'change' ? `c${i.eventId}` : `o${i.orderId}`) })
      .chain((items) => fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length })));
    fc.assert(
      fc.property(itemsAndShuffle, ([items, shuffled]) => {
        const ordered = inDueOrder(shuffled);
        expect(ordered).toEqual(inDueOrder(items));
        for (let n = 1; n < ordered.length; n++) expect(ordered[n]!.at >= ordered[n - 1]!.at).toBe(true);
      }),
    );
  });
});

describe('what falls due when', () => {
  it('keeps a key 24 hours: one made exactly 24 hours ago is still kept', () => {
    expect(keptSince('2021-10-16T12:00:00.000Z')).toBe('2021-10-15T12:00:00.000Z');
  });

  it('gives an order its cashier’s 2 hours, never past the last instant', () => {
    expect(orderExpiresAt('wechat-pay', '2021-10-15T12:00:00.000Z')).toBe('2021-10-15T14:00:00.000Z');
    expect(orderExpiresAt('a-wallet-not-listed', '2021-10-15T12:00:00.000Z')).toBe('2021-10-15T14:00:00.000Z');
    expect(orderExpiresAt('alipay', '9999-12-31T23:00:00.000Z')).toBe('9999-12-31T23:59:59.999Z');
  });
});

describe('durations a clock moves by', () => {
  it('reads ISO-8601, and in a form words as well', () => {
    expect(parseDuration('P1DT2H')).toBe(26 * 3_600_000);
    expect(parseDuration('1 day 2 hours')).toBeNull();
    expect(parseDurationOrWords('P1DT2H')).toBe(26 * 3_600_000);
    expect(parseDurationOrWords('1 day 2 hours')).toBe(26 * 3_600_000);
    expect(parseDurationOrWords('1 week, 2 days')).toBe(9 * 86_400_000);
    expect(parseDurationOrWords('90 min')).toBe(90 * 60_000);
    expect(parseDurationOrWords('2 mont')).toBeNull();
    expect(parseDurationOrWords('2 months')).toBeNull();
  });

  it('says why not, with an example that reads, starting with a capital', () => {
    expect(durationProblem('P1D')).toBeNull();
    expect(durationProblem('2 months')).toBe('Months and years have no fixed length: give days instead, such as P60D.');
    expect(durationProblem('2 months', 'iso-or-words')).toBe(
      'Months and years have no fixed length: give days instead, such as P60D or "60 days".',
    );
    expect(durationProblem('P1Y')).toMatch(/^Months and years/);
    expect(durationProblem('next week')).toMatch(/^Not a duration the clock can move by: give one such as P1D, PT2H/);
    expect(durationProblem('3 days', 'iso-or-words')).toBeNull();
  });
});

describe('order.expired, as a subscription and an audience see it', () => {
  it('is an event type, and goes to the storefront group’s endpoints (and an admin’s), not a wallet provider’s', () => {
    expect(isEventPattern('order.expired')).toBe(true);
    const event = { type: 'order.expired', subject: { kind: 'order' as const, storefrontGroup: 'alibaba' } };
    expect(mayReceive({ kind: 'group', slug: 'alibaba' }, event)).toBe(true);
    expect(mayReceive({ kind: 'all' }, event)).toBe(true);
    expect(mayReceive({ kind: 'group', slug: 'tencent' }, event)).toBe(false);
    expect(mayReceive({ kind: 'provider', slug: 'tencent' }, event)).toBe(false);
  });
});
