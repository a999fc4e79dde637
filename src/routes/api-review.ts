import type { Request, Response } from 'express';
import { linkChangesBetween } from '../actions/links.ts';
import {
  matrixExport,
  MATRIX_COLUMNS,
  metricsExport,
  attemptsCsvRows,
  attemptsExport,
  ATTEMPTS_COLUMNS,
  METRICS_COLUMNS,
  timelineCsvRows,
  timelineExport,
  TIMELINE_COLUMNS,
} from '../actions/review-exports.ts';
import { loadDiff, reviewSourcesOf, type ReviewSources } from '../actions/review.ts';
import type { Repositories } from '../db/repositories.ts';
import { sendCsv } from '../http/csv.ts';
import { DiffQuery, MatrixQuery, MetricsQuery, TimelineQuery } from '../http/inputs/review.ts';
import { linkNext } from '../http/query.ts';
import type { RouteDeps } from '../http/route-deps.ts';
import { reviewReaders } from '../http/route-table-guards.ts';
import { apiRoute } from '../http/route-table.ts';
import { linkChangeJson } from '../presenters/link-json.ts';
import { DiffJson, MatrixJson, MetricsJson, TimelineJson } from '../presenters/review-json.ts';

// One set of review sources per world: they keep the recent diffs until the integrations are written.
const sourcesByWorld = new WeakMap<Repositories, ReviewSources>();
function sourcesOf(world: RouteDeps): ReviewSources {
  let sources = sourcesByWorld.get(world.repos);
  if (!sources) {
    sources = reviewSourcesOf(world.repos);
    sourcesByWorld.set(world.repos, sources);
  }
  return sources;
}

const tags = ['review'];
const guard = reviewReaders;
const TIMELINE_PAGE = 50;
const CURSOR_RULE = 'cursor only as a Link: rel="next" gave it out';
const pageLink = { Link: { description: '<…?cursor=…>; rel="next" when there is a next page', schema: { type: 'string' } } };
const attachment = (name: string) => ({
  'Content-Disposition': { description: `attachment; filename="${name}"`, schema: { type: 'string' } },
});

function matrix(world: RouteDeps, query: MatrixQuery) {
  return matrixExport(sourcesOf(world), query.asOf ?? world.clock.now().toISOString(), { group: query.group, state: query.state });
}

function timeline(req: Request, res: Response, world: RouteDeps, { cursor, limit, ...filter }: TimelineQuery) {
  const page = timelineExport(sourcesOf(world), filter, cursor ?? null, limit ?? TIMELINE_PAGE);
  linkNext(req, res, page.nextCursor);
  return page;
}

/** GET /api/matrix, /api/events, /api/diff, /api/metrics and their .csv twins. */
export const reviewRoutes = [
  apiRoute({
    method: 'get',
    path: '/matrix',
    operationId: 'getMatrix',
    tags,
    guard,
    query: MatrixQuery,
    summary: 'Every storefront × wallet with its state, rules and since when',
    responses: { 200: { description: 'the matrix', schema: MatrixJson } },
    problems: [],
    handler: ({ world, query }) => matrix(world, query),
  }),
  apiRoute({
    method: 'get',
    path: '/matrix.csv',
    operationId: 'getMatrixCsv',
    tags,
    guard,
    query: MatrixQuery,
    summary: 'The matrix as CSV',
    responses: { 200: { description: 'the matrix, one row per cell', csv: true, headers: attachment('hutong-matrix-<day>.csv') } },
    problems: [],
    handler: ({ res, world, query }) => {
      const { asOf, cells } = matrix(world, query);
      sendCsv(res, `hutong-matrix-${asOf.slice(0, 10)}.csv`, MATRIX_COLUMNS, cells);
    },
  }),
  apiRoute({
    method: 'get',
    path: '/events',
    operationId: 'getEvents',
    tags,
    guard,
    query: TimelineQuery,
    rules: [CURSOR_RULE],
    summary: 'The timeline of events, newest first, a page at a time',
    responses: { 200: { description: 'a page of events', schema: TimelineJson, headers: pageLink } },
    problems: [],
    handler: ({ req, res, world, query }) => timeline(req, res, world, query),
  }),
  apiRoute({
    method: 'get',
    path: '/events.csv',
    operationId: 'getEventsCsv',
    tags,
    guard,
    query: TimelineQuery,
    rules: [CURSOR_RULE],
    summary: 'The timeline as CSV',
    responses: { 200: { description: 'a page of events', csv: true, headers: { ...pageLink, ...attachment('hutong-timeline.csv') } } },
    problems: [],
    handler: ({ req, res, world, query }) =>
      sendCsv(res, 'hutong-timeline.csv', TIMELINE_COLUMNS, timelineCsvRows(timeline(req, res, world, query))),
  }),
  apiRoute({
    method: 'get',
    path: '/diff',
    operationId: 'getDiff',
    tags,
    guard,
    query: DiffQuery,
    summary: 'What changed between two dates: integrations, and link policies (links)',
    description: 'from and to default to 2021-08-01 and 2021-10-15 (the end of each day, UTC).',
    responses: {
      200: { description: 'the integrations whose state or rules differ, and the link policies that changed', schema: DiffJson },
    },
    problems: [],
    handler: ({ world, query: { from, to } }) => ({
      from,
      to,
      changes: loadDiff(sourcesOf(world), from, to).map((entry) => ({
        storefront: entry.storefrontSlug,
        storefrontName: entry.storefrontName,
        wallet: entry.walletSlug,
        walletName: entry.walletName,
        changed: entry.changed,
        from: entry.from,
        to: entry.to,
      })),
      links: linkChangesBetween(world.repos, from, to).map(linkChangeJson),
    }),
  }),
  apiRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    tags,
    guard,
    query: MetricsQuery,
    summary: 'Checkouts started and paid per storefront and wallet',
    responses: { 200: { description: 'conversion per storefront × wallet', schema: MetricsJson } },
    problems: [],
    handler: ({ world }) => ({ metrics: metricsExport(sourcesOf(world)), attempts: attemptsExport(sourcesOf(world)) }),
  }),
  apiRoute({
    method: 'get',
    path: '/metrics.csv',
    operationId: 'getMetricsCsv',
    tags,
    guard,
    query: MetricsQuery,
    summary: 'The metrics as CSV',
    responses: { 200: { description: 'conversion per storefront × wallet', csv: true, headers: attachment('hutong-metrics.csv') } },
    problems: [],
    handler: ({ res, world }) => sendCsv(res, 'hutong-metrics.csv', METRICS_COLUMNS, metricsExport(sourcesOf(world))),
  }),
  apiRoute({
    method: 'get',
    path: '/attempts.csv',
    operationId: 'getAttemptsCsv',
    tags,
    guard,
    summary: 'The metrics per payment attempt as CSV (the `attempts` of GET /api/metrics, one row per count)',
    responses: {
      200: {
        description: 'attempts per wallet, by outcome and reason; switches; first choices; refunds',
        csv: true,
        headers: attachment('hutong-attempts.csv'),
      },
    },
    problems: [],
    handler: ({ res, world }) => sendCsv(res, 'hutong-attempts.csv', ATTEMPTS_COLUMNS, attemptsCsvRows(sourcesOf(world))),
  }),
];
