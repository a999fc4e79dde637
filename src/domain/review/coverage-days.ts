import {
  monthlyInstants,
  type CoverageEvent,
  type CoveragePoint,
  type CoverageSeries,
  type CoverageTable,
  type LiveStep,
} from './coverage.ts';

/** The changes of live-ness of one wallet's integrations on one UTC day, summed. */
export interface LiveDay {
  walletSlug: string;
  /** YYYY-MM-DD */
  day: string;
  /** The day's first change. */
  firstAt: string;
  /** Integrations that became live that day, less those that stopped. */
  delta: number;
}

const dayOf = (at: string) => at.slice(0, 10);

/** A kept change of live-ness (each one flips its integration: review_live_changes) as a step of its wallet's count. */
export function liveStep(change: CoverageEvent): LiveStep {
  return { walletSlug: change.walletSlug, at: change.effectiveAt, delta: change.toState === 'live' ? 1 : -1 };
}

/**
 * The chart's series, from how many were live at `from` and the changes inside (from, to] summed
 * per day: exactly `dailySteps(stepSeries(start, every change, …))`, without every change.
 */
export function dailyCoverage(
  start: ReadonlyMap<string, number>,
  days: readonly LiveDay[],
  walletSlugs: readonly string[],
  from: string,
  to: string,
): CoverageSeries[] {
  const points = new Map<string, CoveragePoint[]>(walletSlugs.map((w) => [w, [{ at: from, live: start.get(w) ?? 0 }]]));
  for (const day of [...days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    const series = points.get(day.walletSlug);
    const last = series?.[series.length - 1];
    if (!series || !last) continue;
    // A day's first change is the day's point (or `from`, on its own day); the day's last value holds.
    if (dayOf(last.at) === day.day) last.live += day.delta;
    else series.push({ at: day.firstAt, live: last.live + day.delta });
  }
  return walletSlugs.map((walletSlug) => {
    const series = points.get(walletSlug) ?? [];
    const last = series[series.length - 1];
    if (last && dayOf(last.at) !== dayOf(to)) series.push({ at: to, live: last.live });
    return { walletSlug, points: series };
  });
}

/**
 * The table when it has too many changes to list them (`coverageTable` sampled): how many were
 * live at `from`, at the start of each month in between, and at `to`. `atMonthStarts` are the
 * changes at exactly those month starts (midnight): a month start's day has had no other yet.
 */
export function monthlyCoverageTable(
  start: ReadonlyMap<string, number>,
  days: readonly LiveDay[],
  atMonthStarts: readonly LiveStep[],
  walletSlugs: readonly string[],
  from: string,
  to: string,
): CoverageTable {
  const liveAt = (at: string) =>
    walletSlugs.map((wallet) => {
      let live = start.get(wallet) ?? 0;
      if (at === from) return live;
      for (const day of days) if (day.walletSlug === wallet && (at === to || day.day < dayOf(at))) live += day.delta;
      if (at === to) return live;
      for (const step of atMonthStarts) if (step.walletSlug === wallet && step.at === at) live += step.delta;
      return live;
    });
  return { sampled: true, rows: monthlyInstants(from, to).map((at) => ({ at, live: liveAt(at) })) };
}
