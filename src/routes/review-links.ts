import type { Request } from 'express';
import { linkPoliciesAsOf } from '../actions/links.ts';
import { linkMatrix } from '../actions/review-links.ts';
import { SURFACE_LABELS } from '../domain/links/model.ts';
import { sendCsv } from '../http/csv.ts';
import { LinkMatrixQuery } from '../http/inputs/links.ts';
import { LINK_MATRIX_COLUMNS, linkMatrixCsvRow, linkPolicyJson } from '../presenters/link-json.ts';
import { readPageQuery, statusFor, withParams } from '../http/query.ts';
import { page, reviewDownloadsAs, reviewReaders } from '../http/page-table.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { worldOf } from '../http/visit.ts';
import { futureDay } from '../http/future-day.ts';

const now = (req: Request) => worldOf(req).clock.now().toISOString();

const policies = (req: Request) => {
  const { asOf, ...filter } = parseInput(LinkMatrixQuery, req.query);
  const at = asOf ?? now(req);
  return { asOf: at, policies: linkPoliciesAsOf(worldOf(req).repos, at, filter).map(linkPolicyJson) };
};

/** /review/links: the link matrix (host × surface × platform) as of a day, and its downloads. */
export const reviewLinkPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/review/links',
    guard: reviewReaders,
    view: 'review/links',
    handler: ({ req, res, world }) => {
      const { query, errors } = readPageQuery(LinkMatrixQuery, req.query);
      const { asOf, ...filter } = query;
      const at = asOf ?? now(req);
      const current = { asOf: at.slice(0, 10), ...filter };
      renderPage(
        res,
        'review/links',
        {
          title: 'Link matrix',
          at,
          future: futureDay(req, at, '/review/links'),
          hosts: linkMatrix(world.repos, at, filter),
          filter: current,
          errors,
          allHosts: world.repos.links.hosts(),
          allPlatforms: world.repos.links.platforms(),
          surfaceLabels: SURFACE_LABELS,
          exportQuery: withParams(current, {}),
        },
        statusFor(errors),
      );
    },
  }),
  page({
    method: 'get',
    path: '/review/links.json',
    guard: reviewDownloadsAs('json'),
    handler: ({ req, res }) => {
      res.json(policies(req));
    },
  }),
  page({
    method: 'get',
    path: '/review/links.csv',
    guard: reviewDownloadsAs('csv'),
    handler: ({ req, res }) => {
      const matrix = policies(req);
      sendCsv(res, `hutong-links-${matrix.asOf.slice(0, 10)}.csv`, LINK_MATRIX_COLUMNS, matrix.policies.map(linkMatrixCsvRow));
    },
  }),
];
