import { loadTimeline, milestonesFor, timelineItems, timelineSpan } from '../actions/review.ts';
import { loadCoverage } from '../actions/review-coverage.ts';
import { linkEventsForTimeline, loadLinkCoverage } from '../actions/review-links.ts';
import { loadAttemptMetrics, loadMetricsPage } from '../actions/review-metrics.ts';
import { coverageTable, dailySteps } from '../domain/review/coverage.ts';
import { formatRate } from '../domain/review/metrics.ts';
import { isKnownAt, noLaterThan } from '../domain/time.ts';
import { VERBS } from '../domain/transitions.ts';
import { readPageQuery, statusFor, withParams } from '../http/query.ts';
import { page, reviewReaders } from '../http/page-table.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { renderPage } from '../http/render.ts';
import { barChart, coverageChart } from '../views-helpers/charts.ts';
import { changesOnPage } from '../views-helpers/rule-changes.ts';
import { CoverageQuery, MetricsQuery, TimelineQuery } from '../http/inputs/review.ts';
import { linkTo, worldOf } from '../http/visit.ts';
import { futureDay } from '../http/future-day.ts';

const TIMELINE_PAGE = 50;

/**
 * The timeline's filters without a storefront or wallet this world does not have (a slug of the
 * right shape that names nothing), and the field errors that say so: a 400 naming the field.
 */
function knownOnly<F extends { storefront?: string | undefined; wallet?: string | undefined }>(
  asked: F,
  storefronts: readonly { slug: string }[],
  wallets: readonly { slug: string }[],
): { filter: F; unknown: Record<string, string> } {
  const unknown: Record<string, string> = {};
  const filter = { ...asked };
  if (asked.storefront && !storefronts.some((s) => s.slug === asked.storefront)) {
    unknown.storefront = 'not a storefront of this world';
    delete filter.storefront;
  }
  if (asked.wallet && !wallets.some((w) => w.slug === asked.wallet)) {
    unknown.wallet = 'not a wallet of this world';
    delete filter.wallet;
  }
  return { filter, unknown };
}
const METRICS_STOREFRONTS_PER_PAGE = 50;
const COVERAGE_TABLE_ROWS = 60;

/** /review/timeline, /review/coverage and /review/metrics. */
export const reviewHistoryPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/review/timeline',
    guard: reviewReaders,
    view: 'review/timeline',
    handler: ({ req, res, world }) => {
      const sources = world.reviewSources;
      const now = world.clock.now().toISOString();
      const { query, errors } = readPageQuery(TimelineQuery, req.query);
      const { cursor, limit, ...asked } = query;
      const storefronts = world.repos.catalog.storefronts();
      const wallets = world.repos.catalog.wallets();
      const { filter, unknown } = knownOnly(asked, storefronts, wallets);
      const reversed = Boolean(filter.from && filter.to && filter.from > filter.to);
      const page = loadTimeline(sources, filter, cursor ?? null, limit ?? TIMELINE_PAGE);
      const shown = Object.fromEntries(Object.entries(req.query).filter(([key]) => key !== 'cursor' && key !== 'limit'));
      const pageOf = { first: !cursor, last: !page.nextCursor };
      const links = linkEventsForTimeline(world.repos, filter, timelineSpan(page.events, pageOf, filter));
      renderPage(
        res,
        'review/timeline',
        {
          title: 'Timeline',
          ...page,
          errors: { ...unknown, ...errors },
          now: world.clock.now().toISOString(),
          ruleChanges: changesOnPage(page.events, (id) => world.repos.integrations.events(id)),
          verbs: VERBS,
          filter: shown,
          storefronts,
          wallets,
          // What the world knows at its own time: a sandbox at 1 Oct 2021 lists nothing the record dates later.
          items: timelineItems(
            page.events.filter((e) => isKnownAt(e, now)),
            milestonesFor(sources, page.events, pageOf, filter).filter((m) => m.effectiveAt <= now),
            links.filter((e) => isKnownAt(e, now)),
          ),
          linkCount: links.length,
          total: reversed ? 0 : sources.review.timelineCount(filter),
          reversed,
          storefrontNames: new Map(storefronts.map((s) => [s.slug, s.name])),
          walletNames: new Map(wallets.map((w) => [w.slug, w.name])),
          nextLink: page.nextCursor ? linkTo(req, `/review/timeline${withParams(shown, { cursor: page.nextCursor })}`) : null,
          firstLink: cursor ? linkTo(req, `/review/timeline${withParams(shown, {})}`) : null,
          exportQuery: withParams(shown, {}),
        },
        reversed ? 400 : statusFor({ ...unknown, ...errors }),
      );
    },
  }),

  page({
    method: 'get',
    path: '/review/coverage',
    guard: reviewReaders,
    view: 'review/coverage',
    handler: ({ req, res, world }) => {
      const { query, errors } = readPageQuery(CoverageQuery, req.query);
      // The record's span, from the month of MIIT's campaign (a window starting on 1 Jan 2021 would print
      // the bound of the "before 2021" facts as if it were their day).
      const now = world.clock.now().toISOString();
      const to = query.to ?? noLaterThan('2021-12-31T23:59:59.999Z', now);
      const from = query.from ?? noLaterThan('2021-07-01T00:00:00.000Z', to);
      const { wallets, daily, table, precisions } = loadCoverage(world.reviewSources, from, to, COVERAGE_TABLE_ROWS);
      const names = new Map(wallets.map((w) => [w.slug, w.name]));
      const links = { platform: 'taobao', ...loadLinkCoverage(world.repos, 'taobao', from, to) };
      renderPage(
        res,
        'review/coverage',
        {
          title: 'Coverage over time',
          from,
          to,
          future: futureDay(req, to, '/review/coverage'),
          wallets,
          errors,
          precisions,
          chart: coverageChart(daily, names, from, to),
          table,
          links,
          linkTable: coverageTable(links.series, COVERAGE_TABLE_ROWS),
          linkChart: coverageChart(links.series.map(dailySteps), new Map(links.hosts.map((h) => [h.slug, h.name])), from, to, {
            atLeast: links.surfaces,
          }),
        },
        statusFor(errors),
      );
    },
  }),

  page({
    method: 'get',
    path: '/review/metrics',
    guard: reviewReaders,
    view: 'review/metrics',
    handler: ({ req, res }) => {
      const { query, errors } = readPageQuery(MetricsQuery, req.query);
      const metrics = loadMetricsPage(worldOf(req).reviewSources, query.page ?? 1, METRICS_STOREFRONTS_PER_PAGE);
      const names = new Map(metrics.wallets.map((w) => [w.slug, w.name]));
      const chart = barChart(
        metrics.byWallet.map((w) => ({ label: names.get(w.walletSlug) ?? w.walletSlug, values: { started: w.started, paid: w.paid } })),
        [
          { key: 'started', label: 'Checkouts started' },
          { key: 'paid', label: 'Paid' },
        ],
      );
      renderPage(
        res,
        'review/metrics',
        {
          title: 'Checkout metrics',
          ...metrics,
          attempts: loadAttemptMetrics(worldOf(req).reviewSources),
          names,
          chart,
          formatRate,
          errors,
          pageLink: (page: number) => linkTo(req, `/review/metrics?page=${page}`),
        },
        statusFor(errors),
      );
    },
  }),
];
