import { sandboxPaths } from './openapi-sandboxes.ts';
import { ACTION_VERBS } from '../domain/transitions.ts';
import { EventListJson, IntegrationJson, IntegrationListJson, TokenJson, TransitionJson } from '../presenters/api-json.ts';
import { storefrontSlug, walletSlug } from './inputs/common.ts';
import { IntegrationsQuery, PolicyBody, TokenRequest, TransitionBody } from './inputs/integrations.ts';
import { body, edgeProblems, json, jsonSchema, pathParam, PROBLEM_SCHEMA, queryParams } from './openapi-kit.ts';
import { documentPaths, reviewPaths, webhookMessages, webhookPaths } from './openapi-more.ts';
import { purchasePaths } from './openapi-purchase.ts';
import { linkPaths } from './openapi-links.ts';

// Slugs are lowercase and matched exactly: /api/integrations/Eleme/alipay is a 400 naming the field, not a 404.
const integrationParams = [pathParam('storefront', 'idle-fish', jsonSchema(storefrontSlug, 'input')), pathParam('wallet', 'wechat-pay', jsonSchema(walletSlug, 'input'))];
const bearer = [{ bearer: [] }];
/** A JSON object answer described in words (its fields are named in the description). */
const object = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const etag = { ETag: { description: 'the version, quoted: send it back as If-Match', schema: { type: 'string' } } };

/** The transition body as sent: expectedVersion may come as If-Match instead, so the body does not require it. */
function transitionBodySchema(): Record<string, unknown> {
  const schema = jsonSchema(TransitionBody, 'input') as { required?: string[]; properties?: Record<string, Record<string, unknown>> };
  const required = (schema.required ?? []).filter((name) => name !== 'expectedVersion');
  const properties = { ...schema.properties, expectedVersion: { ...schema.properties?.expectedVersion,
    description: 'The version you are looking at (GET …/{storefront}/{wallet} `version` or its ETag). Required here unless sent as If-Match.' } };
  const { required: _required, ...rest } = schema;
  return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

const integrationPaths = {
  '/api/tokens': {
    post: {
      operationId: 'createToken', tags: ['integrations'],
      summary: 'Exchange a username and password for an API token',
      description: 'Needs no token. The token expires after expiresInDays (1, 7, 30 or 90; default 30), then answers 401 like a revoked one. Ten failed attempts for one user from one address in 15 minutes lock that pair out (429) for 15 minutes, even with the right password.',
      security: [],
      requestBody: body(TokenRequest),
      responses: { 201: json(TokenJson, 'the token (shown once; stored only as a hash)'), ...edgeProblems(true, 'bad_request', 'rate_limited') },
    },
  },
  '/api/integrations': {
    get: {
      operationId: 'listIntegrations', tags: ['integrations'], summary: 'List integrations with their state now', security: bearer,
      parameters: queryParams(IntegrationsQuery),
      responses: { 200: json(IntegrationListJson, 'integrations'), ...edgeProblems(false, 'bad_request') },
    },
  },
  '/api/integrations/{storefront}/{wallet}': {
    get: {
      operationId: 'getIntegration', tags: ['integrations'], security: bearer, parameters: integrationParams,
      summary: 'One integration, with the version to send back when changing it (also as ETag)',
      responses: { 200: json(IntegrationJson, 'the integration', etag), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/integrations/{storefront}/{wallet}/events': {
    get: {
      operationId: 'listIntegrationEvents', tags: ['integrations'], security: bearer, parameters: integrationParams,
      summary: 'The full history of one integration',
      responses: { 200: json(EventListJson, 'every event, cancelled ones included'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
  },
  '/api/integrations/{storefront}/{wallet}/{verb}': {
    post: {
      operationId: 'applyVerb', tags: ['integrations'], security: bearer,
      summary: 'Apply a verb (request, approve, launch, …) as the token’s owner',
      description: 'expectedVersion may instead be sent as If-Match: "<version>". reason is required for reject, suspend, withdraw and revoke; effectiveAt only for launch; rules (displayOrder included) only for launch and adjust. Under a group’s second-operator policy, launch and adjust answer 202 with a change request. Each change sends the webhook integration.<verb in the past tense>.',
      parameters: [...integrationParams, pathParam('verb', 'approve', { type: 'string', enum: [...ACTION_VERBS] }),
        { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, example: '"3"',
          description: 'The version you are looking at (the ETag), used when the body has no expectedVersion; one of the two is required (400 without either).' }],
      requestBody: body(transitionBodySchema()),
      responses: {
        200: json(TransitionJson, 'the integration after the change, and its event', etag),
        202: object('launch or adjust at a storefront whose group needs a second operator: `{ changeRequest }`, checked but not applied until another operator approves it'),
        ...edgeProblems(true, 'bad_request', 'not_found', 'invalid_transition', 'stale_version'),
      },
    },
  },
  '/api/change-requests': {
    get: {
      operationId: 'listChangeRequests', tags: ['integrations'], security: bearer,
      summary: 'Launches and adjustments waiting for a second operator',
      responses: { 200: object('`{ changeRequests }`'), ...edgeProblems(false) },
    },
  },
  '/api/change-requests/{id}/approve': {
    post: {
      operationId: 'approveChangeRequest', tags: ['integrations'], security: bearer, parameters: [pathParam('id', '1', { type: 'integer' })],
      summary: 'Apply a held change as a second operator (another operator of the group, or an admin; never who asked)',
      responses: { 200: object('`{ changeRequest, event }`'), ...edgeProblems(true, 'bad_request', 'not_found', 'invalid_transition', 'stale_version', 'conflict') },
    },
  },
  '/api/policies/{group}': {
    get: {
      operationId: 'getPolicy', tags: ['integrations'], security: bearer, parameters: [pathParam('group', 'alibaba')],
      summary: 'Whether a storefront group needs a second operator for launch and adjust (off by default)',
      responses: { 200: object('`{ group, secondOperator }`'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
    put: {
      operationId: 'setPolicy', tags: ['integrations'], security: bearer, parameters: [pathParam('group', 'alibaba')],
      summary: 'Turn the second-operator policy on or off (admin)',
      requestBody: body(jsonSchema(PolicyBody, 'input')),
      responses: { 200: object('`{ group, secondOperator }`'), ...edgeProblems(true, 'bad_request', 'not_found') },
    },
  },
};

/** The OpenAPI document, built from the zod schemas the routes parse and answer with. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hutong API',
      version: '1.1.0',
      description: 'Buy through the API, put integrations into a state and read them back, subscribe to signed webhooks. Writes to integrations and webhooks need a token: POST /api/tokens, then send Authorization: Bearer <token>. Every error is application/problem+json with a stable `code`.',
      license: { name: 'Unlicensed (private project)', identifier: 'UNLICENSED' },
    },
    servers: [
      { url: '/', description: 'this server (the default world)' },
      { url: '/sandboxes/{sandbox}', description: 'a sandbox: every path here, on its own database and clock (404 not_found on any path when there is no such sandbox)',
        variables: { sandbox: { default: 'sb_AbCdEfGh12345678', description: 'the id from POST /api/sandboxes' } } },
    ],
    security: [{}, { bearer: [] }],
    tags: [
      { name: 'storefronts', description: 'Storefronts, their catalogues and the checkout decision' },
      { name: 'orders', description: 'Orders and payments for anonymous shoppers' },
      { name: 'integrations', description: 'Tokens, integrations and their verbs' },
      { name: 'links', description: 'Links across the walls: how a host app opens a shared link, as of any day, and the verbs that change it' },
      { name: 'review', description: 'The rollout review: matrix, timeline, diff, metrics (JSON and CSV)' },
      { name: 'webhooks', description: 'Signed webhooks (Standard Webhooks)' },
      { name: 'sandboxes', description: 'Worlds of your own, each with its own database and clock; every route of this document is also served under /sandboxes/{id}' },
      { name: 'documents', description: 'This document and its page' },
    ],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Problem: PROBLEM_SCHEMA } },
    paths: { ...purchasePaths, ...integrationPaths, ...linkPaths, ...reviewPaths, ...webhookPaths, ...sandboxPaths, ...documentPaths },
    webhooks: webhookMessages,
  };
}
