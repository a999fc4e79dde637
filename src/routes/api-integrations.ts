import { submitTransition } from '../actions/change-requests.ts';
import { integrationView, listIntegrationViews } from '../actions/integration-views.ts';
import { invalidFields } from '../domain/errors.ts';
import { signedIn } from '../http/auth.ts';
import {
  ApiTransitionBody,
  IfMatchHeader,
  IntegrationParams,
  IntegrationsQuery,
  ruleChangesFrom,
  TransitionParams,
  versionOfIfMatch,
} from '../http/inputs/integrations.ts';
import { actors, tokenHolders } from '../http/route-table-guards.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import { ChangeRequestJson } from '../presenters/change-request-json.ts';
import { EventListJson, eventJson, IntegrationJson, IntegrationListJson, integrationJson, TransitionJson } from '../presenters/api-json.ts';

const tags = ['integrations'];
// Slugs are lowercase and matched exactly: /api/integrations/Eleme/alipay is a 400 naming the field, not a 404.
const examples = { storefront: 'idle-fish', wallet: 'wechat-pay', verb: 'approve' };
const etag = { ETag: { description: 'the version, quoted: send it back as If-Match', schema: { type: 'string', pattern: '^"[0-9]+"$' } } };

export const integrationRoutes = [
  apiRoute({
    method: 'get',
    path: '/integrations',
    operationId: 'listIntegrations',
    tags,
    guard: tokenHolders,
    summary: 'List integrations with their state now',
    query: IntegrationsQuery,
    responses: { 200: { description: 'integrations', schema: IntegrationListJson } },
    problems: [],
    handler: ({ world, query }) => {
      const at = world.clock.now().toISOString();
      return { asOf: at, integrations: listIntegrationViews(world.repos, at, query).map(integrationJson) };
    },
  }),
  apiRoute({
    method: 'get',
    path: '/integrations/:storefront/:wallet',
    operationId: 'getIntegration',
    tags,
    guard: tokenHolders,
    examples,
    summary: 'One integration, with the version to send back when changing it (also as ETag)',
    params: IntegrationParams,
    responses: { 200: { description: 'the integration', schema: IntegrationJson, headers: etag } },
    problems: ['not_found'],
    handler: ({ world, params }) => {
      const view = integrationView(world.repos, world.clock.now().toISOString(), params.storefront, params.wallet);
      return reply(200, integrationJson(view), { ETag: `"${view.version}"` });
    },
  }),
  apiRoute({
    method: 'get',
    path: '/integrations/:storefront/:wallet/events',
    operationId: 'listIntegrationEvents',
    tags,
    guard: tokenHolders,
    examples,
    summary: 'The full history of one integration',
    params: IntegrationParams,
    responses: { 200: { description: 'every event, cancelled ones included', schema: EventListJson } },
    problems: ['not_found'],
    handler: ({ world, params }) => {
      const view = integrationView(world.repos, world.clock.now().toISOString(), params.storefront, params.wallet);
      return { ...params, events: view.events.map(eventJson) };
    },
  }),
  apiRoute({
    method: 'post',
    path: '/integrations/:storefront/:wallet/:verb',
    idempotent: true,
    operationId: 'applyVerb',
    tags,
    guard: actors,
    examples,
    summary: 'Apply a verb (request, approve, launch, …) as the token’s owner',
    description:
      'expectedVersion may instead be sent as If-Match: "<version>". reason is required for reject, suspend, withdraw and revoke; effectiveAt only for launch; rules (rolloutPercent, channels, minAmount, maxAmount, displayOrder) only for launch and adjust; minAmount at most maxAmount. Under a group’s second-operator policy, launch and adjust answer 202 with a change request. Each change sends the webhook integration.<verb in the past tense>.',
    rules: [
      'expectedVersion in the body or If-Match',
      'minAmount at most maxAmount',
      'a reason for reject, suspend, withdraw and revoke',
      'effectiveAt only for launch, now or later',
      'rules only for launch and adjust',
    ],
    params: TransitionParams,
    headers: IfMatchHeader,
    body: ApiTransitionBody,
    responses: {
      200: { description: 'the integration after the change, and its event', schema: TransitionJson, headers: etag },
      202: {
        description:
          'launch or adjust at a storefront whose group needs a second operator: checked but not applied until another operator approves it',
        schema: ChangeRequestJson.pick({ changeRequest: true }),
      },
    },
    problems: ['not_found', 'invalid_transition', 'stale_version'],
    handler: ({ req, world, params, headers, body }) => {
      const expectedVersion = body.expectedVersion ?? versionOfIfMatch(headers['if-match']);
      if (expectedVersion === undefined) throw invalidFields([{ path: 'expectedVersion', message: 'the version you are looking at' }]);
      const submitted = submitTransition(world, {
        ...params,
        actor: signedIn(req),
        reason: body.reason,
        expectedVersion,
        effectiveAt: body.effectiveAt,
        rules: ruleChangesFrom(body),
      });
      // Held for a second operator: accepted, not applied.
      if (submitted.kind === 'held') return reply(202, { changeRequest: submitted.change });
      const view = integrationView(world.repos, world.clock.now().toISOString(), params.storefront, params.wallet);
      return reply(200, { integration: integrationJson(view), event: eventJson(submitted.result.event) }, { ETag: `"${view.version}"` });
    },
  }),
];
