import { changePrecisions, coverageTable, dailySteps, monthlyInstants, stepSeries } from '../domain/review/coverage.ts';
import { dailyCoverage, liveStep, monthlyCoverageTable } from '../domain/review/coverage-days.ts';
import type { ReviewSources } from './review.ts';

/**
 * The coverage chart (at most a point a day per wallet) and its table over [from, to]: a row per
 * change while there are at most `tableRows` instants, else a row per month start. With more
 * changes than that, only their sums per day and the changes at the month starts are read.
 */
export function loadCoverage(sources: ReviewSources, from: string, to: string, tableRows: number) {
  const wallets = sources.repos.catalog.wallets();
  const slugs = wallets.map((w) => w.slug);
  const { review } = sources;
  const start = review.liveAt(from);
  const instants = new Set([from, ...review.changeInstants(from, to, tableRows + 1), to]);
  if (instants.size <= tableRows) {
    const changes = review.liveChangesBetween(from, to);
    const series = stepSeries(start, changes.map(liveStep), slugs, from, to);
    return {
      wallets,
      daily: series.map(dailySteps),
      table: coverageTable(series, tableRows),
      precisions: changePrecisions(changes, from, to),
    };
  }
  const days = review.liveDays(from, to);
  // Labels only for the rows shown: the month starts and `to` (nothing is labelled at `from`).
  const atRows = review.liveChangesAt(monthlyInstants(from, to).slice(1), from, to);
  return {
    wallets,
    daily: dailyCoverage(start, days, slugs, from, to),
    table: monthlyCoverageTable(start, days, atRows.map(liveStep), slugs, from, to),
    precisions: changePrecisions(atRows, from, to),
  };
}
