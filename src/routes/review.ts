import { CHANGE_LABELS } from '../domain/review/diff.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { linkChangesBetween } from '../actions/links.ts';
import { loadDiffPage, loadMatrix } from '../actions/review.ts';
import { LINK_FIELD_LABELS } from '../domain/links/diff.ts';
import { CHANNELS, STATES } from '../domain/model.ts';
import { fenToYuanString } from '../domain/money.ts';
import { noLaterThan } from '../domain/time.ts';
import { DEFAULT_DIFF, DiffPageQuery, MatrixQuery, PreviewQuery } from '../http/inputs/review.ts';
import { readPageQuery, statusFor, withParams } from '../http/query.ts';
import { page, reviewReaders } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { carryAsOf, timeTravelTo } from '../http/time-travel.ts';
import { shopperOf } from '../http/shopper.ts';
import { linkTo } from '../http/visit.ts';
import { futureDay } from '../http/future-day.ts';

/** The record's own before/after: walled gardens, then WeChat Pay in Alibaba apps. */

const DIFF_PAGE_SIZE = 100;

/** /review: the matrix, the diff and the preview; the timeline, coverage, metrics and exports live beside it. */
export const reviewPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/review',
    guard: reviewReaders,
    view: 'review/matrix',
    handler: ({ req, res, world }) => {
      const { query, errors } = readPageQuery(MatrixQuery, req.query);
      const at = query.asOf ?? world.clock.now().toISOString();
      const matrix = loadMatrix(world.reviewSources, at, { group: query.group, state: query.state }, query.page ?? 1);
      const current = { asOf: at.slice(0, 10), group: query.group, state: query.state };
      renderPage(
        res,
        'review/matrix',
        {
          title: 'Rollout review',
          ...matrix,
          future: futureDay(req, at, '/review'),
          filter: current,
          states: STATES,
          errors,
          pageLink: (page: number) => linkTo(req, `/review${withParams(current, { page })}`),
          exportQuery: withParams(current, {}),
        },
        statusFor(errors),
      );
    },
  }),

  page({
    method: 'get',
    path: '/review/diff',
    guard: reviewReaders,
    view: 'review/diff',
    handler: ({ req, res, world }) => {
      const { query, errors } = readPageQuery(DiffPageQuery, req.query);
      const now = world.clock.now().toISOString();
      const to = query.to ?? noLaterThan(DEFAULT_DIFF.to, now);
      const from = query.from ?? noLaterThan(DEFAULT_DIFF.from, to);
      // The large world has ~2,700 changes between two dates: the page lists them 100 at a time (the API all).
      const entries = loadDiffPage(world.reviewSources, from, to, query.page ?? 1, DIFF_PAGE_SIZE);
      const shown = { from: query.from?.slice(0, 10), to: query.to?.slice(0, 10) };
      renderPage(
        res,
        'review/diff',
        {
          title: 'What changed',
          from,
          to,
          future: futureDay(req, to, '/review/diff'),
          entries,
          links: linkChangesBetween(world.repos, from, to),
          errors,
          changeLabels: CHANGE_LABELS,
          linkFieldLabels: LINK_FIELD_LABELS,
          pageLink: (page: number) => linkTo(req, `/review/diff${withParams(shown, { page })}`),
        },
        statusFor(errors),
      );
    },
  }),

  page({
    method: 'get',
    path: '/review/preview',
    guard: reviewReaders,
    view: 'review/preview',
    handler: ({ req, res, world }) => {
      const { query, errors } = readPageQuery(PreviewQuery, req.query);
      const context = {
        storefront: query.storefront,
        channel: query.channel ?? 'app',
        amountFen: query.amount ?? 10_000,
        shopper: query.shopper ?? shopperOf(req),
        at: query.date ?? world.clock.now().toISOString(),
      };
      const decision =
        context.storefront && Object.keys(errors).length === 0
          ? decideForStorefront(world.repos, {
              storefrontSlug: context.storefront,
              shopperId: context.shopper,
              channel: context.channel,
              amountFen: context.amountFen,
              at: context.at,
            })
          : null;
      // The real checkout opens at the preview's day (time travel), on the preview's channel.
      const checkoutHref = decision
        ? linkTo(
            req,
            carryAsOf(
              `/shop/${encodeURIComponent(decision.storefront.slug)}/checkout?channel=${encodeURIComponent(context.channel)}`,
              timeTravelTo(query.date),
            ),
          )
        : null;
      renderPage(
        res,
        'review/preview',
        {
          title: 'What would this shopper see',
          context,
          future: futureDay(req, context.at, '/review/preview'),
          amount: fenToYuanString(context.amountFen),
          decision,
          errors,
          checkoutHref,
          storefronts: world.repos.catalog.storefronts(),
          channels: CHANNELS,
        },
        statusFor(errors),
      );
    },
  }),
];
