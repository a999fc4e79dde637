import { describe, expect, it } from 'vitest';
import { coverageSeries, coverageTable, dailySteps, type CoverageEvent, type CoverageSeries } from '../../src/domain/review/coverage.ts';

const ev = (
  id: number,
  integrationId: number,
  effectiveAt: string,
  toState: CoverageEvent['toState'],
  walletSlug = 'wechat-pay',
): CoverageEvent => ({
  id,
  integrationId,
  walletSlug,
  effectiveAt,
  toState,
});
const FROM = '2021-09-01T00:00:00.000Z';
const TO = '2021-12-31T00:00:00.000Z';

describe('coverage over a window', () => {
  it('starts at the window with what was live before it, and ignores changes after it', () => {
    const [wechat] = coverageSeries(
      [ev(1, 1, '2021-01-01T00:00:00.000Z', 'live'), ev(2, 2, '2022-01-05T00:00:00.000Z', 'live')],
      ['wechat-pay'],
      FROM,
      TO,
    );
    expect(wechat?.points).toEqual([
      { at: FROM, live: 1 },
      { at: TO, live: 1 },
    ]);
  });

  it('counts a change exactly at the start of the window as the starting value', () => {
    const [wechat] = coverageSeries([ev(1, 1, FROM, 'live')], ['wechat-pay'], FROM, TO);
    expect(wechat?.points).toEqual([
      { at: FROM, live: 1 },
      { at: TO, live: 1 },
    ]);
  });

  it('keeps one point per instant (its value after all of that instant’s changes), and adds none when live-ness does not change', () => {
    const [wechat] = coverageSeries(
      [
        ev(2, 2, '2021-10-01T00:00:00.000Z', 'live'),
        ev(1, 1, '2021-10-01T00:00:00.000Z', 'live'),
        ev(3, 1, '2021-10-05T00:00:00.000Z', 'suspended'),
        ev(4, 3, '2021-10-05T00:00:00.000Z', 'live'),
        ev(5, 3, '2021-10-06T00:00:00.000Z', 'live'),
      ],
      ['wechat-pay'],
      FROM,
      TO,
    );
    expect(wechat?.points).toEqual([
      { at: FROM, live: 0 },
      { at: '2021-10-01T00:00:00.000Z', live: 2 },
      { at: '2021-10-05T00:00:00.000Z', live: 2 },
      { at: TO, live: 2 },
    ]);
  });

  it('ends exactly at the window end without a duplicate point when the last change falls on it', () => {
    const [wechat] = coverageSeries([ev(1, 1, TO, 'live')], ['wechat-pay'], FROM, TO);
    expect(wechat?.points).toEqual([
      { at: FROM, live: 0 },
      { at: TO, live: 1 },
    ]);
  });

  it('leaves out wallets it was not asked about, and draws a flat line for a wallet with no events', () => {
    const series = coverageSeries([ev(1, 1, '2021-10-01T00:00:00.000Z', 'live', 'alipay')], ['unionpay-qr'], FROM, TO);
    expect(series).toEqual([
      {
        walletSlug: 'unionpay-qr',
        points: [
          { at: FROM, live: 0 },
          { at: TO, live: 0 },
        ],
      },
    ]);
  });
});

describe('the coverage table', () => {
  const series: CoverageSeries[] = [
    {
      walletSlug: 'alipay',
      points: [
        { at: '2021-01-01T00:00:00.000Z', live: 10 },
        { at: '2021-04-10T00:00:00.000Z', live: 12 },
      ],
    },
    {
      walletSlug: 'wechat-pay',
      points: [
        { at: '2021-02-15T00:00:00.000Z', live: 1 },
        { at: '2021-04-10T00:00:00.000Z', live: 5 },
      ],
    },
  ];

  it("has one row per change, with every wallet's count then (zero before its first point)", () => {
    expect(coverageTable(series, 3)).toEqual({
      sampled: false,
      rows: [
        { at: '2021-01-01T00:00:00.000Z', live: [10, 0] },
        { at: '2021-02-15T00:00:00.000Z', live: [10, 1] },
        { at: '2021-04-10T00:00:00.000Z', live: [12, 5] },
      ],
    });
  });

  it('samples month starts, plus the first and last instants, when there are more changes than rows', () => {
    expect(coverageTable(series, 2)).toEqual({
      sampled: true,
      rows: [
        { at: '2021-01-01T00:00:00.000Z', live: [10, 0] },
        { at: '2021-02-01T00:00:00.000Z', live: [10, 0] },
        { at: '2021-03-01T00:00:00.000Z', live: [10, 1] },
        { at: '2021-04-01T00:00:00.000Z', live: [10, 1] },
        { at: '2021-04-10T00:00:00.000Z', live: [12, 5] },
      ],
    });
  });

  it('shows a window that ends on the first of a month with that month once, as its last row', () => {
    const toDecember: CoverageSeries[] = [
      {
        walletSlug: 'alipay',
        points: [
          { at: '2021-10-15T00:00:00.000Z', live: 1 },
          { at: '2021-11-20T00:00:00.000Z', live: 2 },
          { at: '2021-12-01T00:00:00.000Z', live: 3 },
        ],
      },
    ];
    expect(coverageTable(toDecember, 2).rows).toEqual([
      { at: '2021-10-15T00:00:00.000Z', live: [1] },
      { at: '2021-11-01T00:00:00.000Z', live: [1] },
      { at: '2021-12-01T00:00:00.000Z', live: [3] },
    ]);
  });

  it("draws at most one point a day, the day's last value", () => {
    const busy: CoverageSeries = {
      walletSlug: 'alipay',
      points: [
        { at: '2021-10-01T01:00:00.000Z', live: 1 },
        { at: '2021-10-01T23:00:00.000Z', live: 3 },
        { at: '2021-10-02T00:00:00.000Z', live: 2 },
      ],
    };
    expect(dailySteps(busy)).toEqual({
      walletSlug: 'alipay',
      points: [
        { at: '2021-10-01T01:00:00.000Z', live: 3 },
        { at: '2021-10-02T00:00:00.000Z', live: 2 },
      ],
    });
    expect(busy.points[0]).toEqual({ at: '2021-10-01T01:00:00.000Z', live: 1 });
  });
});
