import type { IntegrationState } from '../model.ts';

/** The little of an event the coverage chart needs. */
export interface CoverageEvent {
  id: number;
  integrationId: number;
  walletSlug: string;
  effectiveAt: string;
  toState: IntegrationState;
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
