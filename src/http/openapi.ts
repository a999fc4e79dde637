import { z } from 'zod';
import { VERBS } from '../domain/transitions.ts';
import { EventListJson, IntegrationJson, IntegrationListJson, TokenJson, TransitionJson } from './api-json.ts';
import { IntegrationsQuery, TokenRequest, TransitionBody } from './inputs/integrations.ts';

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
const integrationParams = [pathParam('storefront', 'idle-fish'), pathParam('wallet', 'wechat-pay')];
const bearer = [{ bearer: [] }];

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
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/api/tokens': {
        post: {
          summary: 'Exchange a username and password for an API token',
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
          responses: { 200: json(IntegrationJson, 'the integration'), 401: problem, 404: problem },
        },
      },
      '/api/integrations/{storefront}/{wallet}/events': {
        get: {
          summary: 'The full history of one integration',
          security: bearer,
          parameters: integrationParams,
          responses: { 200: json(EventListJson, 'every event, cancelled ones included'), 401: problem, 404: problem },
        },
      },
      '/api/integrations/{storefront}/{wallet}/{verb}': {
        post: {
          summary: 'Apply a verb (request, approve, launch, …) as the token’s owner',
          description: 'expectedVersion may instead be sent as If-Match: "<version>". reason is required for reject and suspend; effectiveAt only for launch; rules only for launch and adjust.',
          security: bearer,
          parameters: [...integrationParams, pathParam('verb', 'approve', { type: 'string', enum: [...VERBS] }),
            { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, example: '"3"' }],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(TransitionBody, 'input') } } },
          responses: {
            200: json(TransitionJson, 'the integration after the change, and its event'),
            400: problem, 401: problem, 403: problem, 404: problem, 409: problem,
          },
        },
      },
    },
  };
}
