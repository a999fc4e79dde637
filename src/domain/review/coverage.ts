import type { Precision, IntegrationState } from '../model.ts';

/** The little of an event the coverage chart needs. */
export interface CoverageEvent {
  id: number;
  integrationId: number;
  walletSlug: string;
  effectiveAt: string;
  toState: IntegrationState;
  /** How precisely the change is dated (a record fact may be known only to the month). */
  datePrecision?: Precision;
}

export interface CoveragePoint {
  at: string;
  live: number;
}

export interface CoverageSeries {
  walletSlug: string;
  /** Step data: `live` holds from `at` until the next point. Starts at `from`. */
  points: CoveragePoint[];
}

/**
 * How many integrations of each wallet were live over [from, to]: one point at
 * `from`, one per change inside the window, one at `to`. Events must be active
 * (not cancelled); they may come in any order.
 */
export function coverageSeries(events: readonly CoverageEvent[], walletSlugs: readonly string[], from: string, to: string): CoverageSeries[] {
  const sorted = [...events].sort((a, b) => (a.effectiveAt === b.effectiveAt ? a.id - b.id : a.effectiveAt < b.effectiveAt ? -1 : 1));
  const stateOf = new Map<number, IntegrationState>();
  const live = new Map(walletSlugs.map((w) => [w, 0]));
  const points = new Map<string, CoveragePoint[]>(walletSlugs.map((w) => [w, []]));
  const record = (wallet: string, at: string) => {
    const series = points.get(wallet);
    if (!series) return;
    const value = live.get(wallet) ?? 0;
    const last = series[series.length - 1];
    if (last && last.at === at) last.live = value;
    else if (!last || last.live !== value) series.push({ at, live: value });
  };
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    for (const wallet of walletSlugs) record(wallet, from);
  };
  for (const event of sorted) {
    if (event.effectiveAt > to) break;
    if (event.effectiveAt > from) start();
    const wasLive = stateOf.get(event.integrationId) === 'live';
    const isLive = event.toState === 'live';
    stateOf.set(event.integrationId, event.toState);
    if (wasLive !== isLive) live.set(event.walletSlug, (live.get(event.walletSlug) ?? 0) + (isLive ? 1 : -1));
    if (started) record(event.walletSlug, event.effectiveAt);
  }
  start();
  return walletSlugs.map((walletSlug) => {
    const series = points.get(walletSlug) ?? [];
    const last = series[series.length - 1];
    if (last && last.at !== to) series.push({ at: to, live: last.live });
    return { walletSlug, points: series };
  });
}

export interface CoverageTable {
  rows: Array<{ at: string; live: number[] }>;
  /** True when there were too many changes to list, and the rows are month starts instead. */
  sampled: boolean;
}

function valueAt(points: readonly CoveragePoint[], at: string): number {
  let value = 0;
  for (const point of points) {
    if (point.at > at) break;
    value = point.live;
  }
  return value;
}

/** The chart's numbers as table rows: one per change, or per month start when there are more than `maxRows` changes. */
export function coverageTable(series: readonly CoverageSeries[], maxRows: number): CoverageTable {
  let instants = [...new Set(series.flatMap((s) => s.points.map((p) => p.at)))].sort();
  const sampled = instants.length > maxRows;
  if (sampled) {
    const first = instants[0] as string;
    const last = instants[instants.length - 1] as string;
    const months: string[] = [first];
    const cursor = new Date(`${first.slice(0, 7)}-01T00:00:00.000Z`);
    for (cursor.setUTCMonth(cursor.getUTCMonth() + 1); cursor.toISOString() < last; cursor.setUTCMonth(cursor.getUTCMonth() + 1)) {
      months.push(cursor.toISOString());
    }
    instants = [...months, last];
  }
  return { sampled, rows: instants.map((at) => ({ at, live: series.map((s) => valueAt(s.points, at)) })) };
}

/** At most one point per UTC day (the day's last value), so a busy world still draws a light path. */
export function dailySteps(series: CoverageSeries): CoverageSeries {
  const points: CoveragePoint[] = [];
  for (const point of series.points) {
    const last = points[points.length - 1];
    if (last && last.at.slice(0, 10) === point.at.slice(0, 10)) last.live = point.live;
    else points.push({ ...point });
  }
  return { walletSlug: series.walletSlug, points };
}

/** Coarsest first: a row where a month-precise and a day-precise change meet is known only to the month. */
const COARSENESS: readonly Precision[] = ['before', 'month', 'approximate', 'expected', 'day', 'exact'];

/**
 * The precision of each change instant inside (from, to], so the table labels a change the
 * record holds only to the month as "≈ Sept 2021", never as the day the simulation placed it on.
 */
export function changePrecisions(events: readonly CoverageEvent[], from: string, to: string): Map<string, Precision> {
  const precisions = new Map<string, Precision>();
  for (const event of events) {
    if (event.effectiveAt <= from || event.effectiveAt > to) continue;
    const given = event.datePrecision ?? 'exact';
    const known = precisions.get(event.effectiveAt);
    if (known === undefined || COARSENESS.indexOf(given) < COARSENESS.indexOf(known)) precisions.set(event.effectiveAt, given);
  }
  return precisions;
}
