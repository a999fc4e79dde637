import { describe, expect, it } from 'vitest';
import { coverageTable, dailySteps, stepSeries, type LiveStep } from '../../src/domain/review/coverage.ts';
import { dailyCoverage, monthlyCoverageTable, type LiveDay } from '../../src/domain/review/coverage-days.ts';
import { seededRandom } from '../support/seeded-random.ts';

const WALLETS = ['alipay', 'wechat-pay'];

/** What the database's sums per wallet and day give for these steps (they are inside the window). */
function sumsPerDay(steps: readonly LiveStep[]): LiveDay[] {
  const days = new Map<string, LiveDay>();
  for (const step of steps) {
    const key = `${step.walletSlug} ${step.at.slice(0, 10)}`;
    const day = days.get(key);
    if (!day) days.set(key, { walletSlug: step.walletSlug, day: step.at.slice(0, 10), firstAt: step.at, delta: step.delta });
    else {
      day.delta += step.delta;
      if (step.at < day.firstAt) day.firstAt = step.at;
    }
  }
  return [...days.values()];
}

/** Random changes on a few days, many at midnight and on month starts (where the sampled table reads). */
function randomSteps(random: () => number, from: string, to: string): { start: Map<string, number>; steps: LiveStep[] } {
  const start = new Map(WALLETS.map((w) => [w, 40]));
  const live = new Map(start);
  const span = Date.parse(to) - Date.parse(from);
  const instants = Array.from({ length: 200 }, () => {
    const at = Date.parse(from) + Math.floor(random() * span);
    const kind = random();
    // A third at midnight (many of them month starts), a few exactly at `to`, the rest at any time.
    if (kind < 0.2) return new Date(`${new Date(at).toISOString().slice(0, 7)}-01T00:00:00.000Z`).toISOString();
    if (kind < 0.35) return `${new Date(at).toISOString().slice(0, 10)}T00:00:00.000Z`;
    if (kind < 0.4) return to;
    return new Date(at).toISOString();
  })
    .filter((at) => at > from && at <= to)
    .sort();
  const steps = instants.map((at) => {
    const walletSlug = WALLETS[Math.floor(random() * WALLETS.length)]!;
    const delta: 1 | -1 = (live.get(walletSlug) ?? 0) > 0 && random() < 0.5 ? -1 : 1;
    live.set(walletSlug, (live.get(walletSlug) ?? 0) + delta);
    return { walletSlug, at, delta };
  });
  return { start, steps };
}

describe('coverage from sums per day', () => {
  const windows: Array<[string, string]> = [
    ['2021-07-01T00:00:00.000Z', '2021-12-31T23:59:59.999Z'],
    ['2021-07-15T13:30:00.000Z', '2022-02-01T00:00:00.000Z'],
    ['2021-01-31T23:59:59.999Z', '2021-03-01T00:00:00.000Z'],
  ];

  it('draws exactly the chart that every change gives, a point a day, whatever the window and the times', () => {
    const random = seededRandom(41);
    for (const [from, to] of windows) {
      for (let round = 0; round < 20; round++) {
        const { start, steps } = randomSteps(random, from, to);
        expect(dailyCoverage(start, sumsPerDay(steps), WALLETS, from, to)).toEqual(
          stepSeries(start, steps, WALLETS, from, to).map(dailySteps),
        );
      }
    }
  });

  it('gives exactly the sampled table that every change gives, with changes at midnight on a month start counted from that instant', () => {
    const random = seededRandom(43);
    for (const [from, to] of windows) {
      for (let round = 0; round < 20; round++) {
        const { start, steps } = randomSteps(random, from, to);
        const expected = coverageTable(stepSeries(start, steps, WALLETS, from, to), 3);
        expect(expected.sampled).toBe(true);
        expect(
          monthlyCoverageTable(
            start,
            sumsPerDay(steps),
            steps.filter((s) => s.at.slice(8) === '01T00:00:00.000Z'),
            WALLETS,
            from,
            to,
          ),
        ).toEqual(expected);
      }
    }
  });

  it('with no change at all, is flat from the start to the end of the window', () => {
    const start = new Map([['alipay', 3]]);
    expect(dailyCoverage(start, [], WALLETS, '2021-07-01T00:00:00.000Z', '2021-07-31T23:59:59.999Z')).toEqual([
      {
        walletSlug: 'alipay',
        points: [
          { at: '2021-07-01T00:00:00.000Z', live: 3 },
          { at: '2021-07-31T23:59:59.999Z', live: 3 },
        ],
      },
      {
        walletSlug: 'wechat-pay',
        points: [
          { at: '2021-07-01T00:00:00.000Z', live: 0 },
          { at: '2021-07-31T23:59:59.999Z', live: 0 },
        ],
      },
    ]);
  });
});
