import { z } from 'zod';
import { VERBS } from '../domain/transitions.ts';
import { EventListJson, IntegrationJson, IntegrationListJson, TokenJson, TransitionJson } from './api-json.ts';
import { storefrontSlug, walletSlug } from './inputs/common.ts';
import { IntegrationsQuery, PolicyBody, TokenRequest, TransitionBody } from './inputs/integrations.ts';

type Schema = z.ZodType;

/** A JSON Schema for an OpenAPI 3.1 document (which speaks JSON Schema 2020-12), without the $schema line. */
function jsonSchema(schema: Schema, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const problem = { description: 'problem+json (RFC 9457); a 400 lists `errors` with field paths', content: { 'application/problem+json': {} } };
const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } });
const pathParam = (name: string, example: string, schema: Record<string, unknown> = { type: 'string' }) =>
  ({ name, in: 'path', required: true, schema, example });
// Slugs are lowercase and matched exactly: /api/integrations/Eleme/alipay is a 400 naming the field, not a 404.
const integrationParams = [pathParam('storefront', 'idle-fish', jsonSchema(storefrontSlug, 'input')), pathParam('wallet', 'wechat-pay', jsonSchema(walletSlug, 'input'))];
const badSlug = { ...problem, description: 'problem+json: a storefront or wallet that is not a lowercase slug (e.g. Eleme); `errors` names the path parameter' };
const bearer = [{ bearer: [] }];

/** The transition body as sent: expectedVersion may come as If-Match instead, so the body does not require it. */
function transitionBodySchema(): Record<string, unknown> {
  const schema = jsonSchema(TransitionBody, 'input') as { required?: string[]; properties?: Record<string, Record<string, unknown>> };
  const required = (schema.required ?? []).filter((name) => name !== 'expectedVersion');
  const properties = { ...schema.properties, expectedVersion: { ...schema.properties?.expectedVersion,
    description: 'The version you are looking at (GET …/{storefront}/{wallet} `version` or its ETag). Required here unless sent as If-Match.' } };
  const { required: _required, ...rest } = schema;
  return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

function queryParams(schema: z.ZodObject): Record<string, unknown>[] {
  const properties = (jsonSchema(schema, 'input').properties ?? {}) as Record<string, unknown>;
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

/** The OpenAPI document, built from the zod schemas the routes parse and answer with. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hutong API',
      version: '1.0.0',
      description: 'Put integrations into a state and read them back. Get a token with POST /api/tokens, then send Authorization: Bearer <token>.',
    },
    servers: [{ url: '/', description: 'this server' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/api/tokens': {
        post: {
          summary: 'Exchange a username and password for an API token',
          description: 'Needs no token. The token expires after expiresInDays (1, 7, 30 or 90; default 30), then answers 401 like a revoked one. Ten failed attempts for one user from one address in 15 minutes lock that pair out (429) for 15 minutes, even with the right password.',
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(TokenRequest, 'input') } } },
          responses: { 201: json(TokenJson, 'the token (shown once; stored only as a hash)'), 400: problem, 401: problem, 429: problem },
        },
      },
      '/api/integrations': {
        get: {
          summary: 'List integrations with their state now',
          security: bearer,
          parameters: queryParams(IntegrationsQuery),
          responses: { 200: json(IntegrationListJson, 'integrations'), 400: problem, 401: problem },
        },
      },
      '/api/integrations/{storefront}/{wallet}': {
        get: {
          summary: 'One integration, with the version to send back when changing it (also as ETag)',
          security: bearer,
          parameters: integrationParams,
          responses: { 200: json(IntegrationJson, 'the integration'), 400: badSlug, 401: problem, 404: problem },
        },
      },
      '/api/integrations/{storefront}/{wallet}/events': {
        get: {
          summary: 'The full history of one integration',
          security: bearer,
          parameters: integrationParams,
          responses: { 200: json(EventListJson, 'every event, cancelled ones included'), 400: badSlug, 401: problem, 404: problem },
        },
      },
      '/api/integrations/{storefront}/{wallet}/{verb}': {
        post: {
          summary: 'Apply a verb (request, approve, launch, …) as the token’s owner',
          description: 'expectedVersion may instead be sent as If-Match: "<version>". reason is required for reject, suspend, withdraw and revoke; effectiveAt only for launch; rules (displayOrder included) only for launch and adjust. Under a group’s second-operator policy, launch and adjust answer 202 with a change request.',
          security: bearer,
          parameters: [...integrationParams, pathParam('verb', 'approve', { type: 'string', enum: [...VERBS] }),
            { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, example: '"3"',
              description: 'The version you are looking at (the ETag), used when the body has no expectedVersion; one of the two is required (400 without either).' }],
          requestBody: { required: true, content: { 'application/json': { schema: transitionBodySchema() } } },
          responses: {
            200: json(TransitionJson, 'the integration after the change, and its event'),
            202: { description: 'launch or adjust at a storefront whose group needs a second operator: `{ changeRequest }`, checked but not applied until another operator approves it' },
            400: problem, 401: problem, 403: problem, 404: problem, 409: problem,
          },
        },
      },
      '/api/change-requests': {
        get: { summary: 'Launches and adjustments waiting for a second operator', security: bearer, responses: { 200: { description: '`{ changeRequests }`' }, 401: problem } },
      },
      '/api/change-requests/{id}/approve': {
        post: {
          summary: 'Apply a held change as a second operator (another operator of the group, or an admin; never who asked)',
          security: bearer, parameters: [pathParam('id', '1', { type: 'integer' })],
          responses: { 200: { description: '`{ changeRequest, event }`' }, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
        },
      },
      '/api/policies/{group}': {
        get: {
          summary: 'Whether a storefront group needs a second operator for launch and adjust (off by default)', security: bearer,
          parameters: [pathParam('group', 'alibaba')], responses: { 200: { description: '`{ group, secondOperator }`' }, 400: problem, 401: problem },
        },
        put: {
          summary: 'Turn the second-operator policy on or off (admin)', security: bearer, parameters: [pathParam('group', 'alibaba')],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(PolicyBody, 'input') } } },
          responses: { 200: { description: '`{ group, secondOperator }`' }, 400: problem, 401: problem, 403: problem, 404: problem },
        },
      },
    },
  };
}
