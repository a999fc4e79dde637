import type { z } from 'zod';
import { createWebhook, deleteWebhook, webhookDeliveries, webhooksOf } from '../actions/webhooks.ts';
import { signedIn } from '../http/auth.ts';
import { WebhookBody, WebhookParams } from '../http/inputs/webhooks.ts';
import { actors } from '../http/route-table-guards.ts';
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
  RefundMessageJson,
  WebhookListJson,
  webhookJson,
} from '../presenters/webhook-json.ts';

const tags = ['webhooks'];
// Operators, reviewers and admins; each sees only the webhooks of their own scope (an admin all), and
// any other webhook answers 404 as if it did not exist (actions/webhooks.ts, webhookOf).
const guard = actors;
const examples = { id: 'wh_AbC123xyz' };

/**
 * Webhooks for this world: operators, reviewers and admins subscribe URLs to the events their scope
 * may see (a storefront group's, a wallet provider's, or, for an admin, all); deliveries are signed
 * (Standard Webhooks).
 */
export const webhookRoutes = [
  apiRoute({
    method: 'post',
    path: '/webhooks',
    idempotent: true,
    operationId: 'createWebhook',
    tags,
    guard,
    summary: 'Subscribe a URL to events (operator, reviewer or admin)',
    description:
      'The webhook belongs to the caller’s scope and receives only what it may see: an operator’s, their storefront group’s orders, payments and integrations and the link policies of the hosts it runs or the platforms it asks for; a reviewer’s, their provider’s wallets’ integrations and the link requests it decides; an admin’s, everything. Deliveries are POSTed as { type, timestamp, data } and signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed with the secret). Retried with exponential back-off under the same webhook-id. The URL’s host must be allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default), and so must every address it resolves to (checked again at each delivery, which connects to the checked address): otherwise 400 (bad_request, field url) with why.',
    rules: [
      'the URL’s host allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default), with no user name or password',
      'every address the host name resolves to allowed as well: a loopback one only with loopback, a private or reserved one only if listed itself',
    ],
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
    handler: async ({ req, world, body }) => {
      const target = { allow: world.webhookAllow, resolve: world.webhookResolve };
      const endpoint = await createWebhook(world.repos, world.clock, target, { ...body, actor: signedIn(req) });
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
    summary: 'The webhooks of this world in the caller’s scope (an admin: all), without their secrets',
    responses: { 200: { description: 'webhooks', schema: WebhookListJson } },
    problems: [],
    handler: ({ req, world }) => ({ webhooks: webhooksOf(world.repos, signedIn(req)).map(webhookJson) }),
  }),
  apiRoute({
    method: 'delete',
    path: '/webhooks/:id',
    idempotent: true,
    operationId: 'deleteWebhook',
    tags,
    guard,
    examples,
    summary: 'Stop sending to a webhook; its undelivered messages are cancelled',
    description: 'A webhook outside the caller’s scope answers 404, as one that does not exist.',
    params: WebhookParams,
    responses: { 204: { description: 'deleted' } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => {
      deleteWebhook(world.repos, world.clock, signedIn(req), params.id);
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
    description:
      'A webhook outside the caller’s scope answers 404, as one that does not exist. An attempt that got no answer says "could not connect", whatever the cause (refused, unreachable, timed out), and no duration.',
    params: WebhookParams,
    responses: { 200: { description: 'deliveries, newest first', schema: DeliveryListJson } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => {
      const { endpoint, deliveries } = webhookDeliveries(world.repos, signedIn(req), params.id);
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

export const webhookMessages: Record<'integration' | 'order' | 'linkPolicy' | 'payment' | 'refund', WebhookMessage> = {
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
    summary: 'order.placed, order.paid, order.scanned (scanned, awaiting confirmation): the order after the change',
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
    summary: 'payment.<outcome>: the payment attempt (with its declineReason) and the order after it',
  },
  refund: {
    operationId: 'refundRecorded',
    description: SIGNED,
    schema: RefundMessageJson,
    summary: 'refund.succeeded, refund.failed: the refund and the order after it',
  },
};
