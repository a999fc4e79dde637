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

/** One integration of `walletSlug` starting (+1) or stopping (-1) being live at `at`. */
export interface LiveStep {
  walletSlug: string;
  at: string;
  delta: 1 | -1;
}

/** Whether an event makes its integration live (+1), stops it being live (-1) or neither (0), given its state before. */
function stepOf(event: CoverageEvent, before: IntegrationState | undefined): 0 | 1 | -1 {
  const wasLive = before === 'live';
  const isLive = event.toState === 'live';
  return wasLive === isLive ? 0 : isLive ? 1 : -1;
}

/**
 * How many integrations of each wallet were live over [from, to]: one point at
 * `from`, one per change inside the window, one at `to`. Events must be active
 * (not cancelled); they may come in any order.
 */
export function coverageSeries(
  events: readonly CoverageEvent[],
  walletSlugs: readonly string[],
  from: string,
  to: string,
): CoverageSeries[] {
  const sorted = [...events].sort((a, b) => (a.effectiveAt === b.effectiveAt ? a.id - b.id : a.effectiveAt < b.effectiveAt ? -1 : 1));
  const stateOf = new Map<number, IntegrationState>();
  const start = new Map<string, number>();
  const steps: LiveStep[] = [];
  for (const event of sorted) {
    if (event.effectiveAt > to) break;
    const delta = stepOf(event, stateOf.get(event.integrationId));
    stateOf.set(event.integrationId, event.toState);
    if (delta === 0) continue;
    if (event.effectiveAt > from) steps.push({ walletSlug: event.walletSlug, at: event.effectiveAt, delta });
    else start.set(event.walletSlug, (start.get(event.walletSlug) ?? 0) + delta);
  }
  return stepSeries(start, steps, walletSlugs, from, to);
}

/**
 * The same series from how many were live at `from` and each change of live-ness inside
 * (from, to], in time order (changes at one instant in any order).
 */
export function stepSeries(
  start: ReadonlyMap<string, number>,
  steps: readonly LiveStep[],
  walletSlugs: readonly string[],
  from: string,
  to: string,
): CoverageSeries[] {
  const live = new Map(walletSlugs.map((w) => [w, start.get(w) ?? 0]));
  const points = new Map<string, CoveragePoint[]>(walletSlugs.map((w) => [w, [{ at: from, live: start.get(w) ?? 0 }]]));
  for (const step of steps) {
    const series = points.get(step.walletSlug);
    if (!series) continue;
    const value = (live.get(step.walletSlug) ?? 0) + step.delta;
    live.set(step.walletSlug, value);
    const last = series[series.length - 1];
    if (last && last.at === step.at) last.live = value;
    else series.push({ at: step.at, live: value });
  }
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
  const [first] = instants;
  const last = instants.at(-1);
  if (sampled && first !== undefined && last !== undefined) instants = monthlyInstants(first, last);
  return { sampled, rows: instants.map((at) => ({ at, live: series.map((s) => valueAt(s.points, at)) })) };
}

/** The rows of a sampled table: `first`, the start of each month after it and before `last`, and `last`. */
export function monthlyInstants(first: string, last: string): string[] {
  const instants: string[] = [first];
  const cursor = new Date(`${first.slice(0, 7)}-01T00:00:00.000Z`);
  for (cursor.setUTCMonth(cursor.getUTCMonth() + 1); cursor.toISOString() < last; cursor.setUTCMonth(cursor.getUTCMonth() + 1)) {
    instants.push(cursor.toISOString());
  }
  return [...instants, last];
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
