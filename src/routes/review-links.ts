import { Router, type Request } from 'express';
import { linkPoliciesAsOf } from '../actions/links.ts';
import { linkMatrix } from '../actions/review-links.ts';
import { SURFACE_LABELS } from '../domain/links/model.ts';
import { sendCsv } from '../http/csv.ts';
import { answersAs } from '../http/errors.ts';
import { LinkMatrixQuery } from '../http/inputs/links.ts';
import { LINK_MATRIX_COLUMNS, linkMatrixCsvRow, linkPolicyJson } from '../presenters/link-json.ts';
import { readPageQuery, statusFor, withParams } from '../http/query.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { worldOf } from '../http/visit.ts';

/** /review/links: the link matrix (host × surface × platform) as of a day, and its downloads. */
export function reviewLinkRoutes(): Router {
  const router = Router();
  const now = (req: Request) => worldOf(req).clock.now().toISOString();

  router.get('/links', (req, res) => {
    const deps = worldOf(req);
    const { query, errors } = readPageQuery(LinkMatrixQuery, req.query);
    const { asOf, ...filter } = query;
    const at = asOf ?? now(req);
    const current = { asOf: at.slice(0, 10), ...filter };
    renderPage(res, 'review/links', {
      title: 'Link matrix', at, hosts: linkMatrix(deps.repos, at, filter), filter: current, errors,
      allHosts: deps.repos.links.hosts(), allPlatforms: deps.repos.links.platforms(), surfaceLabels: SURFACE_LABELS,
      exportQuery: withParams(current, {}),
    }, statusFor(errors));
  });

  const policies = (req: Request) => {
    const { asOf, ...filter } = parseInput(LinkMatrixQuery, req.query);
    const at = asOf ?? now(req);
    return { asOf: at, policies: linkPoliciesAsOf(worldOf(req).repos, at, filter).map(linkPolicyJson) };
  };
  router.get('/links.json', answersAs('json'), (req, res) => {
    res.json(policies(req));
  });
  router.get('/links.csv', answersAs('csv'), (req, res) => {
    const matrix = policies(req);
    sendCsv(res, `hutong-links-${matrix.asOf.slice(0, 10)}.csv`, LINK_MATRIX_COLUMNS, matrix.policies.map(linkMatrixCsvRow));
  });
  return router;
}
