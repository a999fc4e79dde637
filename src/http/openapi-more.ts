import { CreatedWebhookJson, DeliveryListJson, IntegrationMessageJson, LinkPolicyMessageJson, OrderMessageJson, PaymentMessageJson, WebhookListJson } from '../presenters/webhook-json.ts';
import { DiffQuery, MatrixQuery, MetricsQuery, TimelineQuery } from './inputs/review.ts';
import { WebhookBody, WebhookParams } from './inputs/webhooks.ts';
import { body, csv, edgeProblems, json, jsonSchema, pathParam, queryParams } from './openapi-kit.ts';
import type { z } from 'zod';
import { DiffJson, MatrixJson, MetricsJson, TimelineJson } from '../presenters/review-json.ts';

/** The review's downloads, webhooks, and the document itself. */

const review = [{}, { bearer: [] }];
const readReview = (operationId: string, summary: string, query: Parameters<typeof queryParams>[0] | null, ok: Record<string, unknown>, description?: string) => ({
  get: {
    operationId, tags: ['review'], security: review, summary, ...(description && { description }),
    parameters: query ? queryParams(query) : [],
    responses: { 200: ok, ...edgeProblems(false, ...(query ? ['bad_request' as const] : [])) },
  },
});
const PUBLIC = 'Open to anyone unless HUTONG_PUBLIC_REVIEW=0; then a token is needed (401 without).';
const webhookId = pathParam('id', 'wh_AbC123xyz', jsonSchema(WebhookParams.shape.id, 'input'));
const operators = [{ bearer: [] }];
const pageLink = { Link: { description: '<…?cursor=…>; rel="next" when there is a next page', schema: { type: 'string' } } };

export const reviewPaths = {
  '/api/matrix': readReview('getMatrix', 'Every storefront × wallet with its state, rules and since when', MatrixQuery, json(MatrixJson, 'the matrix'), PUBLIC),
  '/api/matrix.csv': readReview('getMatrixCsv', 'The matrix as CSV', MatrixQuery, csv('the matrix, one row per cell')),
  '/api/events': readReview('getEvents', 'The timeline of events, newest first, a page at a time', TimelineQuery, json(TimelineJson, 'a page of events', pageLink), PUBLIC),
  '/api/events.csv': readReview('getEventsCsv', 'The timeline as CSV', TimelineQuery, csv('a page of events')),
  '/api/diff': {
    get: {
      operationId: 'getDiff', tags: ['review'], security: review, summary: 'What changed between two dates: integrations, and link policies (links)', description: PUBLIC,
      parameters: queryParams(DiffQuery, ['from', 'to']),
      responses: { 200: json(DiffJson, 'the integrations whose state or rules differ'), ...edgeProblems(false, 'bad_request') },
    },
  },
  '/api/metrics': readReview('getMetrics', 'Checkouts started and paid per storefront and wallet', MetricsQuery, json(MetricsJson, 'conversion per storefront × wallet'), PUBLIC),
  '/api/metrics.csv': readReview('getMetricsCsv', 'The metrics as CSV', MetricsQuery, csv('conversion per storefront × wallet')),
};

export const webhookPaths = {
  '/api/webhooks': {
    post: {
      operationId: 'createWebhook', tags: ['webhooks'], security: operators, requestBody: body(WebhookBody),
      summary: 'Subscribe a URL to events (operator or admin)',
      description: 'Deliveries are POSTed as { type, timestamp, data } and signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed with the secret). Retried with exponential back-off under the same webhook-id. The URL’s host must be allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default): otherwise 400 with why.',
      responses: { 201: json(CreatedWebhookJson, 'the webhook and its secret (shown once)'), ...edgeProblems(true, 'bad_request') },
    },
    get: {
      operationId: 'listWebhooks', tags: ['webhooks'], security: operators, summary: 'The webhooks of this world (without their secrets)',
      responses: { 200: json(WebhookListJson, 'webhooks'), ...edgeProblems(false, 'forbidden') },
    },
  },
  '/api/webhooks/{id}': {
    delete: {
      operationId: 'deleteWebhook', tags: ['webhooks'], security: operators, parameters: [webhookId],
      summary: 'Stop sending to a webhook; its undelivered messages are cancelled',
      responses: { 204: { description: 'deleted' }, ...edgeProblems(true, 'bad_request', 'not_found') },
    },
  },
  '/api/webhooks/{id}/deliveries': {
    get: {
      operationId: 'listDeliveries', tags: ['webhooks'], security: operators, parameters: [webhookId],
      summary: 'The latest deliveries: attempts, status codes, next retry',
      responses: { 200: json(DeliveryListJson, 'deliveries, newest first'), ...edgeProblems(false, 'bad_request', 'forbidden', 'not_found') },
    },
  },
};

export const documentPaths = {
  '/api/openapi.json': {
    get: {
      operationId: 'getOpenApi', tags: ['documents'], security: [{}, { bearer: [] }], summary: 'This document',
      responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } }, ...edgeProblems(false) },
    },
  },
};

const SIGNED = 'Signed per Standard Webhooks: webhook-id (the same on every retry), webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the secret. Answer 2xx within 10 s; anything else is retried with exponential back-off.';
const signatureHeaders = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } }));
const message = (operationId: string, summary: string, schema: z.ZodType) => ({
  post: {
    operationId, summary, description: SIGNED, tags: ['webhooks'], security: [{}], parameters: signatureHeaders,
    requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } },
    responses: { 200: { description: 'received (any 2xx)' }, 400: { description: 'refused (e.g. a bad signature); retried' } },
  },
});

/** What a subscribed URL receives (OpenAPI 3.1 webhooks). */
export const webhookMessages = {
  integration: message('integrationChanged', 'integration.<verb in the past tense>: the integration after a transition, and its event. A change recorded to take effect later (a scheduled launch) is integration.scheduled when recorded, then integration.launched (its own type) when it takes effect — on the wall clock in the default world, when the clock is moved past it in a sandbox.', IntegrationMessageJson),
  order: message('orderChanged', 'order.placed, order.paid: the order after the change', OrderMessageJson),
  linkPolicy: message('linkPolicyChanged', 'link_policy.changed: the link policy after a transition, and its event', LinkPolicyMessageJson),
  payment: message('paymentRecorded', 'payment.<outcome>: the payment attempt and the order after it', PaymentMessageJson),
};
