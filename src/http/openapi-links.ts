import { LINK_ACTION_VERBS } from '../domain/links/verbs.ts';
import { LinkOpenQuery, LinkParams, LinksQuery, LinkVerbBody } from './inputs/links.ts';
import { LinkEventListJson, LinkListJson, LinkOpenJson, LinkPolicyJson, LinkTransitionJson } from '../presenters/link-json.ts';
import { body, edgeProblems, json, jsonSchema, pathParam, queryParams } from './openapi-kit.ts';

/** Links across the walls: policies, the open decision and the verbs. */

const anyone = [{}, { bearer: [] }];
const bearer = [{ bearer: [] }];
const etag = { ETag: { description: 'the version, quoted', schema: { type: 'string' } } };
const keyParams = [
  pathParam('host', 'wechat', jsonSchema(LinkParams.shape.host, 'input')),
  pathParam('surface', 'one_to_one', jsonSchema(LinkParams.shape.surface, 'input')),
  pathParam('platform', 'taobao', jsonSchema(LinkParams.shape.platform, 'input')),
];

export const linkPaths = {
  '/api/links': {
    get: {
      operationId: 'listLinkPolicies', tags: ['links'], security: anyone, parameters: queryParams(LinksQuery),
      summary: 'Every link policy (host × surface × platform) as it stood at asOf: behaviour, preview, rollout, since when and from which article',
      responses: { 200: json(LinkListJson, 'the policies'), ...edgeProblems(false, 'bad_request') },
    },
  },
  '/api/links/open': {
    get: {
      operationId: 'openLink', tags: ['links'], security: anyone, parameters: queryParams(LinkOpenQuery, ['host', 'surface', 'platform']),
      summary: 'What one person meets when tapping a link: behaviour, preview, reason, message and the extra steps to arrive',
      description: 'A partial rollout is sticky per shopper (the same bucket hash as wallets). A surface that does not take the link at all answers reason NOT_SHAREABLE with steps null.',
      responses: { 200: json(LinkOpenJson, 'the decision for this person'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/links/{host}/{surface}/{platform}': {
    get: {
      operationId: 'getLinkPolicy', tags: ['links'], security: anyone, parameters: keyParams,
      summary: 'One link policy now, with the version to send back when changing it (also as ETag)',
      responses: { 200: json(LinkPolicyJson, 'the policy', etag), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/links/{host}/{surface}/{platform}/events': {
    get: {
      operationId: 'listLinkPolicyEvents', tags: ['links'], security: anyone, parameters: keyParams,
      summary: 'The full history of one link policy, with each event’s source and date precision',
      responses: { 200: json(LinkEventListJson, 'every event, cancelled ones included'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/links/{host}/{surface}/{platform}/{verb}': {
    post: {
      operationId: 'applyLinkVerb', tags: ['links'], security: bearer,
      parameters: [...keyParams, pathParam('verb', 'set', { type: 'string', enum: [...LINK_ACTION_VERBS] })],
      summary: 'Request, withdraw, approve, reject or set a link behaviour as the token’s owner',
      description: 'A link platform’s operator requests (and withdraws) a behaviour, preview or share; the host’s reviewer approves or rejects it, never the requester; the host’s operator sets behaviour, preview, share or rollout, now or at a later effectiveAt. reason is required for request, withdraw and reject. Each change sends the webhook link_policy.changed.',
      requestBody: body(LinkVerbBody),
      responses: {
        200: json(LinkTransitionJson, 'the policy after the change, and its event', etag),
        ...edgeProblems(true, 'bad_request', 'not_found', 'invalid_transition', 'stale_version'),
      },
    },
  },
};
