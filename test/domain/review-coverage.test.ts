import { describe, expect, it } from 'vitest';
import { changePrecisions, coverageSeries, type CoverageEvent } from '../../src/domain/review/coverage.ts';
import { conversionByStorefront, conversionByWallet, formatRate } from '../../src/domain/review/metrics.ts';

const ev = (id: number, integrationId: number, walletSlug: string, day: string, toState: CoverageEvent['toState']): CoverageEvent => ({
  id,
  integrationId,
  walletSlug,
  effectiveAt: `${day}T00:00:00.000Z`,
  toState,
});

describe('coverage step data', () => {
  it('counts storefronts offering each wallet, stepping when one goes live or stops', () => {
    const events = [
      ev(1, 1, 'alipay', '2013-01-01', 'live'),
      ev(2, 2, 'alipay', '2013-01-01', 'live'),
      ev(3, 3, 'wechat-pay', '2021-09-14', 'requested'),
      ev(4, 3, 'wechat-pay', '2021-09-20', 'live'),
      ev(5, 4, 'wechat-pay', '2021-09-20', 'live'),
      ev(6, 4, 'wechat-pay', '2021-10-01', 'suspended'),
      ev(7, 3, 'wechat-pay', '2021-10-05', 'live'),
    ];
    const [alipay, wechat] = coverageSeries(events, ['alipay', 'wechat-pay'], '2021-01-01T00:00:00.000Z', '2021-12-31T00:00:00.000Z');
    expect(alipay?.points).toEqual([
      { at: '2021-01-01T00:00:00.000Z', live: 2 },
      { at: '2021-12-31T00:00:00.000Z', live: 2 },
    ]);
    expect(wechat?.points).toEqual([
      { at: '2021-01-01T00:00:00.000Z', live: 0 },
      { at: '2021-09-20T00:00:00.000Z', live: 2 },
      { at: '2021-10-01T00:00:00.000Z', live: 1 },
      { at: '2021-12-31T00:00:00.000Z', live: 1 },
    ]);
  });
});

describe('conversion metrics', () => {
  it('counts every order as a started checkout and paid ones as converted, per storefront and per wallet', () => {
    const rows = conversionByStorefront([
      { storefrontSlug: 'eleme', walletSlug: 'alipay', status: 'paid', orders: 3 },
      { storefrontSlug: 'eleme', walletSlug: 'alipay', status: 'cancelled', orders: 1 },
      { storefrontSlug: 'youku', walletSlug: 'alipay', status: 'paid', orders: 1 },
      { storefrontSlug: 'eleme', walletSlug: 'wechat-pay', status: 'expired', orders: 2 },
    ]);
    expect(rows).toEqual([
      { storefrontSlug: 'eleme', walletSlug: 'alipay', started: 4, paid: 3, rate: 0.75 },
      { storefrontSlug: 'youku', walletSlug: 'alipay', started: 1, paid: 1, rate: 1 },
      { storefrontSlug: 'eleme', walletSlug: 'wechat-pay', started: 2, paid: 0, rate: 0 },
    ]);
    expect(conversionByWallet(rows, ['alipay', 'wechat-pay', 'unionpay-qr'])).toEqual([
      { walletSlug: 'alipay', started: 5, paid: 4, rate: 0.8 },
      { walletSlug: 'wechat-pay', started: 2, paid: 0, rate: 0 },
      { walletSlug: 'unionpay-qr', started: 0, paid: 0, rate: null },
    ]);
    expect(formatRate(0.8)).toBe('80.0 %');
    expect(formatRate(null)).toBe('—');
  });
});

describe('coverage from events in any order', () => {
  it('gives the same steps whatever order the events come in, same-instant events by id', () => {
    const events = [
      ev(1, 1, 'wechat-pay', '2021-09-20', 'live'),
      ev(2, 2, 'wechat-pay', '2021-09-20', 'live'),
      ev(3, 2, 'wechat-pay', '2021-09-20', 'suspended'),
      ev(4, 1, 'wechat-pay', '2021-10-01', 'suspended'),
      ev(5, 2, 'wechat-pay', '2021-11-01', 'live'),
    ];
    const window = ['2021-01-01T00:00:00.000Z', '2021-12-31T00:00:00.000Z'] as const;
    const expected = [
      { at: '2021-01-01T00:00:00.000Z', live: 0 },
      { at: '2021-09-20T00:00:00.000Z', live: 1 },
      { at: '2021-10-01T00:00:00.000Z', live: 0 },
      { at: '2021-11-01T00:00:00.000Z', live: 1 },
      { at: '2021-12-31T00:00:00.000Z', live: 1 },
    ];
    for (const order of [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 0, 4, 1, 3],
      [3, 2, 1, 4, 0],
    ]) {
      const [wechat] = coverageSeries(
        order.map((i) => events[i]!),
        ['wechat-pay'],
        ...window,
      );
      expect(wechat?.points).toEqual(expected);
    }
  });

  it('steps when a change takes effect, not in the order it was recorded (a launch scheduled before another went live)', () => {
    const events = [ev(1, 1, 'wechat-pay', '2021-11-11', 'live'), ev(2, 2, 'wechat-pay', '2021-09-20', 'live')];
    const [wechat] = coverageSeries(events, ['wechat-pay'], '2021-01-01T00:00:00.000Z', '2021-12-31T00:00:00.000Z');
    expect(wechat?.points).toEqual([
      { at: '2021-01-01T00:00:00.000Z', live: 0 },
      { at: '2021-09-20T00:00:00.000Z', live: 1 },
      { at: '2021-11-11T00:00:00.000Z', live: 2 },
      { at: '2021-12-31T00:00:00.000Z', live: 2 },
    ]);
  });
});

describe('how precisely each change in the coverage table is known', () => {
  const at = (day: string, precision: CoverageEvent['datePrecision'], id = 1): CoverageEvent => ({
    id,
    integrationId: id,
    walletSlug: 'wechat-pay',
    effectiveAt: `${day}T00:00:00.000Z`,
    toState: 'live',
    datePrecision: precision,
  });

  it('keeps the coarsest precision of the changes that meet on one instant, inside (from, to] only', () => {
    const precisions = changePrecisions(
      [
        at('2021-09-30', 'day', 1),
        at('2021-09-30', 'month', 2),
        at('2021-11-29', 'approximate', 3),
        at('2021-11-29', 'expected', 4),
        at('2021-12-01', 'exact', 5),
        at('2021-12-01', 'before', 6),
        at('2021-07-01', 'month', 7),
        at('2022-01-01', 'day', 8),
      ],
      '2021-07-01T00:00:00.000Z',
      '2021-12-31T00:00:00.000Z',
    );
    expect(Object.fromEntries(precisions)).toEqual({
      '2021-09-30T00:00:00.000Z': 'month',
      '2021-11-29T00:00:00.000Z': 'approximate',
      '2021-12-01T00:00:00.000Z': 'before',
    });
  });

  it('takes a change on the last instant of the window and leaves out one on its first (the window is (from, to])', () => {
    const window = ['2021-07-01T00:00:00.000Z', '2021-12-31T00:00:00.000Z'] as const;
    expect(Object.fromEntries(changePrecisions([at('2021-07-01', 'day', 1), at('2021-12-31', 'month', 2)], ...window))).toEqual({
      '2021-12-31T00:00:00.000Z': 'month',
    });
  });

  it('reads a change with no precision as exact (a click in the console)', () => {
    const event = { ...at('2021-10-01', 'day'), datePrecision: undefined };
    delete event.datePrecision;
    expect(
      changePrecisions([event, at('2021-10-01', 'day', 2)], '2021-01-01T00:00:00.000Z', '2021-12-31T00:00:00.000Z').get(
        '2021-10-01T00:00:00.000Z',
      ),
    ).toBe('day');
    expect(changePrecisions([event], '2021-01-01T00:00:00.000Z', '2021-12-31T00:00:00.000Z').get('2021-10-01T00:00:00.000Z')).toBe('exact');
  });
});
