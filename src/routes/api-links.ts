import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { linkPoliciesAsOf, linkPolicyAsOf, openLink } from '../actions/links.ts';
import { performLinkTransition } from '../actions/link-transitions.ts';
import { requireActor, signedIn } from '../http/auth.ts';
import { LinkOpenQuery, LinkParams, LinksQuery, LinkVerbBody, LinkVerbParams } from '../http/inputs/links.ts';
import { linkEventJson, linkOpenJson, linkPolicyJson } from '../presenters/link-json.ts';
import { parseInput } from '../http/validate.ts';

/** Links across the walls: the policies as of a date, what one person meets when tapping a link, and the verbs. */
export function apiLinkRoutes(deps: RouteDeps): Router {
  const router = Router();
  const now = () => deps.clock.now().toISOString();

  router.get('/links', (req, res) => {
    const { asOf, ...filter } = parseInput(LinksQuery, req.query);
    const at = asOf ?? now();
    res.json({ asOf: at, policies: linkPoliciesAsOf(deps.repos, at, filter).map(linkPolicyJson) });
  });

  router.get('/links/open', (req, res) => {
    const query = parseInput(LinkOpenQuery, req.query);
    const at = query.asOf ?? now();
    res.json(linkOpenJson(at, query.shopper, openLink(deps.repos, { ...query, asOf: at })));
  });

  router.get('/links/:host/:surface/:platform', (req, res) => {
    const key = parseInput(LinkParams, req.params);
    const policy = linkPolicyAsOf(deps.repos, now(), key);
    res.set('ETag', `"${policy.version}"`).json(linkPolicyJson(policy));
  });

  router.get('/links/:host/:surface/:platform/events', (req, res) => {
    const key = parseInput(LinkParams, req.params);
    res.json({ ...key, events: linkPolicyAsOf(deps.repos, now(), key).events.map(linkEventJson) });
  });

  router.post('/links/:host/:surface/:platform/:verb', requireActor, (req, res) => {
    const { verb, ...key } = parseInput(LinkVerbParams, req.params);
    const body = parseInput(LinkVerbBody, req.body);
    const { policy, event } = performLinkTransition(deps, {
      ...key, verb, actor: signedIn(req), reason: body.reason, expectedVersion: body.expectedVersion, effectiveAt: body.effectiveAt,
      changes: { behaviour: body.behaviour, preview: body.preview, share: body.share, rolloutPercent: body.rolloutPercent },
    });
    res.set('ETag', `"${policy.version}"`).json({ policy: linkPolicyJson(policy), event: linkEventJson(event) });
  });

  return router;
}
