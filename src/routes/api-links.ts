import { linkPoliciesAsOf, linkPolicyAsOf, openLink } from '../actions/links.ts';
import { performLinkTransition } from '../actions/link-transitions.ts';
import { signedIn } from '../http/auth.ts';
import { LinkOpenQuery, LinkParams, LinksQuery, LinkVerbBody, LinkVerbParams } from '../http/inputs/links.ts';
import { actors } from '../http/route-table-guards.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import {
  LinkEventListJson,
  linkEventJson,
  LinkListJson,
  LinkOpenJson,
  linkOpenJson,
  LinkPolicyJson,
  linkPolicyJson,
  LinkTransitionJson,
} from '../presenters/link-json.ts';

const tags = ['links'];
const examples = { host: 'wechat', surface: 'one_to_one', platform: 'taobao', verb: 'set' };
const etag = { ETag: { description: 'the version, quoted', schema: { type: 'string', pattern: '^"[0-9]+"$' } } };

/** Links across the walls: the policies as of a date, what one person meets when tapping a link, and the verbs. */
export const linkRoutes = [
  apiRoute({
    method: 'get',
    path: '/links',
    operationId: 'listLinkPolicies',
    tags,
    summary:
      'Every link policy (host × surface × platform) as it stood at asOf: behaviour, preview, rollout, since when and from which article',
    query: LinksQuery,
    responses: { 200: { description: 'the policies', schema: LinkListJson } },
    problems: [],
    handler: ({ world, query: { asOf, ...filter } }) => {
      const at = asOf ?? world.clock.now().toISOString();
      return { asOf: at, policies: linkPoliciesAsOf(world.repos, at, filter).map(linkPolicyJson) };
    },
  }),
  apiRoute({
    method: 'get',
    path: '/links/open',
    operationId: 'openLink',
    tags,
    summary: 'What one person meets when tapping a link: behaviour, preview, reason, message and the extra steps to arrive',
    description:
      'A partial rollout is sticky per shopper (the same bucket hash as wallets). A surface that does not take the link at all answers reason NOT_SHAREABLE with steps null.',
    query: LinkOpenQuery,
    responses: { 200: { description: 'the decision for this person', schema: LinkOpenJson } },
    problems: ['not_found'],
    handler: ({ world, query }) => {
      const at = query.asOf ?? world.clock.now().toISOString();
      return linkOpenJson(at, query.shopper, openLink(world.repos, { ...query, asOf: at }));
    },
  }),
  apiRoute({
    method: 'get',
    path: '/links/:host/:surface/:platform',
    operationId: 'getLinkPolicy',
    tags,
    examples,
    summary: 'One link policy now, with the version to send back when changing it (also as ETag)',
    params: LinkParams,
    responses: { 200: { description: 'the policy', schema: LinkPolicyJson, headers: etag } },
    problems: ['not_found'],
    handler: ({ world, params }) => {
      const policy = linkPolicyAsOf(world.repos, world.clock.now().toISOString(), params);
      return reply(200, linkPolicyJson(policy), { ETag: `"${policy.version}"` });
    },
  }),
  apiRoute({
    method: 'get',
    path: '/links/:host/:surface/:platform/events',
    operationId: 'listLinkPolicyEvents',
    tags,
    examples,
    summary: 'The full history of one link policy, with each event’s source and date precision',
    params: LinkParams,
    responses: { 200: { description: 'every event, cancelled ones included', schema: LinkEventListJson } },
    problems: ['not_found'],
    handler: ({ world, params }) => ({
      ...params,
      events: linkPolicyAsOf(world.repos, world.clock.now().toISOString(), params).events.map(linkEventJson),
    }),
  }),
  apiRoute({
    method: 'post',
    path: '/links/:host/:surface/:platform/:verb',
    idempotent: true,
    operationId: 'applyLinkVerb',
    tags,
    guard: actors,
    examples,
    summary: 'Request, withdraw, approve, reject or set a link behaviour as the token’s owner',
    description:
      'A link platform’s operator requests (and withdraws) a behaviour, preview or share; the host’s reviewer approves or rejects it, never the requester; the host’s operator sets behaviour, preview, share or rollout, now or at a later effectiveAt. reason is required for request, withdraw and reject; request and set name at least one of behaviour, preview, share (or, for set, rolloutPercent); effectiveAt and rolloutPercent are for set only. Each change sends the webhook link_policy.changed.',
    rules: [
      'a reason for request, withdraw and reject',
      'request and set name what to change (behaviour, preview or share; for set, or rolloutPercent)',
      'effectiveAt and rolloutPercent only for set, effectiveAt now or later',
    ],
    params: LinkVerbParams,
    body: LinkVerbBody,
    responses: { 200: { description: 'the policy after the change, and its event', schema: LinkTransitionJson, headers: etag } },
    problems: ['not_found', 'invalid_transition', 'stale_version'],
    handler: ({ req, world, params: { verb, ...key }, body }) => {
      const { policy, event } = performLinkTransition(world, {
        ...key,
        verb,
        actor: signedIn(req),
        reason: body.reason,
        expectedVersion: body.expectedVersion,
        effectiveAt: body.effectiveAt,
        changes: { behaviour: body.behaviour, preview: body.preview, share: body.share, rolloutPercent: body.rolloutPercent },
      });
      return reply(200, { policy: linkPolicyJson(policy), event: linkEventJson(event) }, { ETag: `"${policy.version}"` });
    },
  }),
];
