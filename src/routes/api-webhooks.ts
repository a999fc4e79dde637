import type { z } from 'zod';
import { createWebhook, deleteWebhook, webhookDeliveries } from '../actions/webhooks.ts';
import { signedIn } from '../http/auth.ts';
import { WebhookBody, WebhookParams } from '../http/inputs/webhooks.ts';
import { roles } from '../http/route-table-guards.ts';
import { linkTo } from '../http/visit.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import {
  CreatedWebhookJson,
  DeliveryListJson,
  deliveryJson,
  IntegrationMessageJson,
  LinkPolicyMessageJson,
  OrderMessageJson,
  PaymentMessageJson,
  WebhookListJson,
  webhookJson,
} from '../presenters/webhook-json.ts';

const tags = ['webhooks'];
const guard = roles('operator', 'admin');
const examples = { id: 'wh_AbC123xyz' };

/** Webhooks for this world: operators and admins subscribe URLs to events; deliveries are signed (Standard Webhooks). */
export const webhookRoutes = [
  apiRoute({
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    tags,
    guard,
    summary: 'Subscribe a URL to events (operator or admin)',
    description:
      'Deliveries are POSTed as { type, timestamp, data } and signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed with the secret). Retried with exponential back-off under the same webhook-id. The URL’s host must be allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default): otherwise 400 with why.',
    rules: ['the URL’s host allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default), with no user name or password'],
    body: WebhookBody,
    responses: {
      201: {
        description: 'the webhook and its secret (shown once)',
        schema: CreatedWebhookJson,
        headers: {
          Location: { description: '/api/webhooks/{id}', schema: { type: 'string' } },
          'Cache-Control': { description: 'no-store: the secret is not kept by caches', schema: { type: 'string', enum: ['no-store'] } },
        },
      },
    },
    problems: [],
    handler: ({ req, world, body }) => {
      const endpoint = createWebhook(world.repos, world.clock, world.webhookAllow, { ...body, actor: signedIn(req) });
      return reply(
        201,
        { ...webhookJson(endpoint), secret: endpoint.secret },
        { Location: linkTo(req, `/api/webhooks/${endpoint.id}`), 'Cache-Control': 'no-store' },
      );
    },
  }),
  apiRoute({
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tags,
    guard,
    summary: 'The webhooks of this world (without their secrets)',
    responses: { 200: { description: 'webhooks', schema: WebhookListJson } },
    problems: [],
    handler: ({ world }) => ({ webhooks: world.repos.webhooks.activeEndpoints().map(webhookJson) }),
  }),
  apiRoute({
    method: 'delete',
    path: '/webhooks/:id',
    operationId: 'deleteWebhook',
    tags,
    guard,
    examples,
    summary: 'Stop sending to a webhook; its undelivered messages are cancelled',
    params: WebhookParams,
    responses: { 204: { description: 'deleted' } },
    problems: ['not_found'],
    handler: ({ world, params }) => {
      deleteWebhook(world.repos, world.clock, params.id);
      return reply(204);
    },
  }),
  apiRoute({
    method: 'get',
    path: '/webhooks/:id/deliveries',
    operationId: 'listDeliveries',
    tags,
    guard,
    examples,
    summary: 'The latest deliveries: attempts, status codes, next retry',
    params: WebhookParams,
    responses: { 200: { description: 'deliveries, newest first', schema: DeliveryListJson } },
    problems: ['not_found'],
    handler: ({ world, params }) => {
      const { endpoint, deliveries } = webhookDeliveries(world.repos, params.id);
      return { webhook: endpoint.id, deliveries: deliveries.map(deliveryJson) };
    },
  }),
];

const SIGNED =
  'Signed per Standard Webhooks: webhook-id (the same on every retry), webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the secret. Answer 2xx within 10 s; anything else is retried with exponential back-off.';

/** What a subscribed URL receives (the document's `webhooks`). */
export interface WebhookMessage {
  operationId: string;
  summary: string;
  description: string;
  schema: z.ZodType;
}

export const webhookMessages: Record<'integration' | 'order' | 'linkPolicy' | 'payment', WebhookMessage> = {
  integration: {
    operationId: 'integrationChanged',
    description: SIGNED,
    schema: IntegrationMessageJson,
    summary:
      'integration.<verb in the past tense>: the integration after a transition, and its event. A change recorded to take effect later (a scheduled launch) is integration.scheduled when recorded, then integration.launched (its own type) when it takes effect — on the wall clock in the default world, when the clock is moved past it in a sandbox.',
  },
  order: {
    operationId: 'orderChanged',
    description: SIGNED,
    schema: OrderMessageJson,
    summary: 'order.placed, order.paid: the order after the change',
  },
  linkPolicy: {
    operationId: 'linkPolicyChanged',
    description: SIGNED,
    schema: LinkPolicyMessageJson,
    summary: 'link_policy.changed: the link policy after a transition, and its event',
  },
  payment: {
    operationId: 'paymentRecorded',
    description: SIGNED,
    schema: PaymentMessageJson,
    summary: 'payment.<outcome>: the payment attempt and the order after it',
  },
};
