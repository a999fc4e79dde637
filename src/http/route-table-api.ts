import { z } from 'zod';
import { PROBLEMS } from './problem.ts';
import { DEFAULT_SERVER, jsonSchema, openApiPaths, type OpenApiPaths } from './route-table-openapi.ts';
import { apiRoute, type AnyApiRoute } from './route-table.ts';
import { cartRoutes } from '../routes/api-carts.ts';
import { changeRequestRoutes } from '../routes/api-change-requests.ts';
import { integrationRoutes } from '../routes/api-integrations.ts';
import { linkRoutes } from '../routes/api-links.ts';
import { orderRoutes } from '../routes/api-orders.ts';
import { requestLogRoutes } from '../routes/api-requests.ts';
import { reviewRoutes } from '../routes/api-review.ts';
import { sandboxRoutes } from '../routes/api-sandboxes.ts';
import { storefrontRoutes } from '../routes/api-storefronts.ts';
import { tokenRoutes } from '../routes/api-tokens.ts';
import { webhookMessages } from '../routes/api-webhook-messages.ts';
import { webhookRoutes } from '../routes/api-webhooks.ts';

/** The /api routes, declared once: the API's router and /api/openapi.json are both built from this table. */

const OpenApiJson = z
  .looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    servers: z.array(z.looseObject({ url: z.string() })),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    webhooks: z.record(z.string(), z.unknown()),
    components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
  })
  .describe('an OpenAPI 3.1 document');

const documentRoute = apiRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  tags: ['documents'],
  summary: 'This document',
  description:
    'Generated from the route table the server itself is built from. Its page for people is /api/docs (HTML, not an operation of this API).',
  responses: { 200: { description: 'OpenAPI 3.1', schema: OpenApiJson } },
  problems: [],
  handler: () => openApiDocument(),
});

export const apiTable: readonly AnyApiRoute[] = [
  ...storefrontRoutes,
  ...cartRoutes,
  ...orderRoutes,
  ...tokenRoutes,
  ...integrationRoutes,
  ...changeRequestRoutes,
  ...linkRoutes,
  ...reviewRoutes,
  ...webhookRoutes,
  ...sandboxRoutes,
  ...requestLogRoutes,
  documentRoute,
];

const fieldError = {
  type: 'object',
  required: ['path', 'message'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', description: 'the field, dotted (items.0.product); a query parameter or header by its name' },
    message: { type: 'string' },
  },
};

/** RFC 9457 problem details with a stable `code`, and every extension member a refusal may carry. */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', description: 'a link to the code on /api/docs' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string', enum: Object.keys(PROBLEMS), description: 'stable: match on this, not on detail' },
    detail: { type: 'string', description: 'for people; may change' },
    errors: { type: 'array', items: fieldError, description: 'bad_request (and some unprocessable): every field that is wrong' },
    currentVersion: { type: 'integer', minimum: 0, description: 'stale_version: the version now; read it again and retry' },
    state: { type: 'string', description: 'invalid_transition (integrations): the state the verb was refused from' },
    review: { type: 'string', description: 'invalid_transition (links): the review state the verb was refused from' },
    reason: { type: 'string', description: 'wallet_not_shown: the reason code the decision gave; conflict: QR_NOT_RECOGNISED' },
    wallet: { type: 'string', description: 'wallet_not_shown: the wallet asked for' },
    orderStatus: { type: 'string', description: 'conflict: the status of an order that can no longer be paid' },
    now: { type: 'string', format: 'date-time', description: 'clock_backwards, future_not_reached, order_expired: where the clock stands' },
    expiresAt: { type: 'string', format: 'date-time', description: 'order_expired: when the order’s cashier expired' },
    asOf: { type: 'string', format: 'date-time', description: 'future_not_reached: the time asked for, later than the clock' },
    requestId: {
      type: 'string',
      pattern: '^[A-Za-z0-9._:-]{1,64}$',
      description:
        'this request’s id, also sent as the Request-Id header (and X-Request-Id, its older name), written in the server’s log and listed by GET /api/requests: quote it when reporting a problem',
    },
  },
};

const SANDBOX_SERVER = {
  url: '{origin}/sandboxes/{sandbox}',
  description:
    'a sandbox: every operation except sandbox management (tagged sandboxes), on its own database and clock; 404 not_found on any path when there is no such sandbox or it is not the caller’s (only its owner and admins may use it; people and tokens are the default world’s)',
  variables: {
    origin: { default: 'http://localhost:3000', description: 'where this server is reached' },
    sandbox: { default: 'sb_AbCdEfGh12345678', description: 'the id from POST /api/sandboxes' },
  },
};

function messages() {
  return Object.fromEntries(
    Object.entries(webhookMessages).map(([name, m]) => [
      name,
      {
        post: {
          operationId: m.operationId,
          summary: m.summary,
          description: m.description,
          tags: ['webhooks'],
          security: [{}],
          parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((header) => ({
            name: header,
            in: 'header',
            required: true,
            schema: { type: 'string' },
          })),
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(m.schema, 'output') } } },
          responses: { 200: { description: 'received (any 2xx)' }, 400: { description: 'refused (e.g. a bad signature); retried' } },
        },
      },
    ]),
  );
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers: Array<{ url: string; description?: string; variables?: Record<string, unknown> }>;
  paths: OpenApiPaths;
  webhooks: Record<string, Record<string, unknown>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown>; headers: Record<string, unknown> };
  [member: string]: unknown;
}

let built: OpenApiDocument | undefined;

/** The OpenAPI document, built from the route table (once: it does not change while the server runs). */
export function openApiDocument(): OpenApiDocument {
  built ??= {
    openapi: '3.1.0',
    info: {
      title: 'Hutong API',
      version: '1.2.0',
      description:
        'Buy through the API, put integrations into a state and read them back, subscribe to signed webhooks. Writes to integrations and webhooks need a token: POST /api/tokens, then send Authorization: Bearer <token>. Every error is application/problem+json with a stable `code`. Every answer carries a Request-Id header (also as X-Request-Id, its older name; send your own plain one and it is kept), which a problem repeats as `requestId` and GET /api/requests lists. Writes with a side effect take an Idempotency-Key. A query parameter an operation does not take is refused (400 naming it); a method a path does not take is 405 with Allow (OPTIONS: 204 with Allow). GET /api/docs is this document as a page for people, not an operation.',
      license: { name: 'Unlicensed (private project)', identifier: 'UNLICENSED' },
    },
    servers: [DEFAULT_SERVER, SANDBOX_SERVER],
    security: [{}, { bearer: [] }],
    tags: [
      { name: 'storefronts', description: 'Storefronts, their catalogues and the checkout decision' },
      { name: 'carts', description: 'A shopper’s cart, with the pages’ rules, and its checkout' },
      { name: 'orders', description: 'Orders and payments for anonymous shoppers' },
      { name: 'integrations', description: 'Tokens, integrations and their verbs' },
      {
        name: 'links',
        description: 'Links across the walls: how a host app opens a shared link, as of any day, and the verbs that change it',
      },
      { name: 'review', description: 'The rollout review: matrix, timeline, diff, metrics (JSON and CSV)' },
      { name: 'webhooks', description: 'Signed webhooks (Standard Webhooks)' },
      {
        name: 'sandboxes',
        description:
          'Worlds of your own, each with its own database and clock; every other operation of this document is also served under /sandboxes/{id}',
      },
      { name: 'requests', description: 'The request log of a world: the latest API requests it answered' },
      { name: 'documents', description: 'This document' },
    ],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: PROBLEM_SCHEMA },
      headers: {
        RequestId: {
          description:
            'this request’s id: the one you sent as Request-Id or X-Request-Id when it is plain (up to 64 of A-Z a-z 0-9 . _ : -), else a new UUID; a problem repeats it as requestId, and GET /api/requests lists it',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
          required: true,
        },
        XRequestId: {
          description: 'the same value as Request-Id, under its older name',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
          required: true,
        },
      },
    },
    paths: openApiPaths(apiTable, '/api'),
    webhooks: messages(),
  };
  return built;
}
