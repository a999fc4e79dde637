import { resendDelivery, resendFailedSince, sendTestEvent, webhookDeliveries, webhookDelivery } from '../actions/webhook-log.ts';
import {
  createWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  setWebhookEnabled,
  updateWebhook,
  webhookOf,
  webhooksOf,
} from '../actions/webhooks.ts';
import { invalidFields } from '../domain/errors.ts';
import { signedIn } from '../http/auth.ts';
import { IfMatchHeader, versionOfIfMatch } from '../http/inputs/integrations.ts';
import {
  DeliveriesQuery,
  DeliveryParams,
  NoBody,
  ResendFailedBody,
  WebhookBody,
  WebhookParams,
  WebhookPatchBody,
} from '../http/inputs/webhooks.ts';
import { actors } from '../http/route-table-guards.ts';
import { linkTo } from '../http/visit.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import {
  CreatedWebhookJson,
  DeliveryJson,
  DeliveryListJson,
  deliveryJson,
  ResentJson,
  WebhookJson,
  WebhookListJson,
  webhookJson,
} from '../presenters/webhook-json.ts';
const tags = ['webhooks'];
// Operators, reviewers and admins; each sees only the webhooks of their own scope (an admin all), and
// any other webhook answers 404 as if it did not exist (actions/webhooks.ts, webhookOf).
const guard = actors;
const examples = { id: 'wh_AbC123xyz' };
const outsideScope = 'A webhook outside the caller’s scope answers 404, as one that does not exist.';
const noStore = { description: 'no-store: the secret is not kept by caches', schema: { type: 'string', enum: ['no-store'] } } as const;
const etag = { ETag: { description: 'the version, quoted: send it back as If-Match', schema: { type: 'string', pattern: '^"[0-9]+"$' } } };

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
      'The webhook belongs to the caller’s scope and receives only what it may see: an operator’s, their storefront group’s orders, payments and integrations and the link policies of the hosts it runs or the platforms it asks for; a reviewer’s, their provider’s wallets’ integrations and the link requests it decides; an admin’s, everything. Deliveries are POSTed as { type, timestamp, sequence, createdAt, data } and signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed with the secret). Retried on the schedule 5 s, 5 min, 30 min, 2 h, 5 h, 10 h ×5 (±10 %) under the same webhook-id. The URL’s host must be allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default), and so must every address it resolves to (checked again at each delivery, which connects to the checked address): otherwise 400 (bad_request, field url) with why. faults are for sandboxes only (400 on faults elsewhere).',
    rules: [
      'the URL’s host allowed by HUTONG_WEBHOOK_ALLOW (loopback only by default), with no user name or password',
      'every address the host name resolves to allowed as well: a loopback one only with loopback, a private or reserved one only if listed itself',
      'faults only in a sandbox',
    ],
    body: WebhookBody,
    responses: {
      201: {
        description: 'the webhook and its secret (shown once)',
        schema: CreatedWebhookJson,
        headers: {
          Location: { description: '/api/webhooks/{id}', schema: { type: 'string' } },
          'Cache-Control': noStore,
        },
      },
    },
    problems: [],
    handler: async ({ req, world, body }) => {
      const target = { allow: world.webhookAllow, resolve: world.webhookResolve };
      const endpoint = await createWebhook(world.repos, world.clock, target, { ...body, actor: signedIn(req), inSandbox: !!world.sandbox });
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
    responses: { 200: { description: 'webhooks, disabled ones too', schema: WebhookListJson } },
    problems: [],
    handler: ({ req, world }) => ({ webhooks: webhooksOf(world.repos, signedIn(req)).map(webhookJson) }),
  }),
  apiRoute({
    method: 'get',
    path: '/webhooks/:id',
    operationId: 'getWebhook',
    tags,
    guard,
    examples,
    summary: 'One webhook, with its version (send it back to change it)',
    description: outsideScope,
    params: WebhookParams,
    responses: { 200: { description: 'the webhook', schema: WebhookJson, headers: etag } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => {
      const endpoint = webhookOf(world.repos, signedIn(req), params.id);
      return reply(200, webhookJson(endpoint), { ETag: `"${endpoint.version}"` });
    },
  }),
  apiRoute({
    method: 'patch',
    path: '/webhooks/:id',
    idempotent: true,
    operationId: 'updateWebhook',
    tags,
    guard,
    examples,
    summary: 'Change a webhook’s URL, events or (in a sandbox) faults',
    description: `Only the fields given change. expectedVersion may instead be sent as If-Match: "<version>"; a version that is no longer current is 409 stale_version (changed meanwhile). ${outsideScope}`,
    rules: ['expectedVersion in the body or If-Match', 'faults only in a sandbox', 'a new URL allowed as when the webhook is made'],
    params: WebhookParams,
    headers: IfMatchHeader,
    body: WebhookPatchBody,
    responses: { 200: { description: 'the webhook after the change', schema: WebhookJson, headers: etag } },
    problems: ['not_found', 'stale_version'],
    handler: async ({ req, world, params, headers, body }) => {
      const expectedVersion = body.expectedVersion ?? versionOfIfMatch(headers['if-match']);
      if (expectedVersion === undefined) throw invalidFields([{ path: 'expectedVersion', message: 'the version you are looking at' }]);
      const target = { allow: world.webhookAllow, resolve: world.webhookResolve };
      const endpoint = await updateWebhook(world.repos, world.clock, target, {
        ...body,
        id: params.id,
        actor: signedIn(req),
        expectedVersion,
        inSandbox: !!world.sandbox,
      });
      return reply(200, webhookJson(endpoint), { ETag: `"${endpoint.version}"` });
    },
  }),
  ...(['disable', 'enable'] as const).map((verb) =>
    apiRoute({
      method: 'post',
      path: `/webhooks/:id/${verb}`,
      idempotent: true,
      operationId: `${verb}Webhook`,
      tags,
      guard,
      examples,
      summary:
        verb === 'disable'
          ? 'Stop sending to a webhook for now: nothing is sent or written for it; what is pending waits'
          : 'Send to a webhook again (one disabled by hand or by a 410 Gone): what was pending goes out',
      description: outsideScope,
      params: WebhookParams,
      body: NoBody,
      responses: { 200: { description: 'the webhook', schema: WebhookJson } },
      problems: ['not_found'],
      handler: ({ req, world, params }) =>
        webhookJson(setWebhookEnabled(world.repos, world.clock, signedIn(req), params.id, verb === 'enable')),
    }),
  ),
  apiRoute({
    method: 'post',
    path: '/webhooks/:id/rotate-secret',
    idempotent: true,
    operationId: 'rotateWebhookSecret',
    tags,
    guard,
    examples,
    summary: 'A new secret, which signs at once; the previous one also signs for 24 hours',
    description: `For 24 hours (of the world’s clock) webhook-signature carries two signatures, space-separated: v1,<with the new secret> v1,<with the previous one>, so a receiver holding either verifies; then only the new. ${outsideScope}`,
    params: WebhookParams,
    body: NoBody,
    responses: {
      200: {
        description: 'the webhook and its new secret (shown once)',
        schema: CreatedWebhookJson,
        headers: { 'Cache-Control': noStore },
      },
    },
    problems: ['not_found'],
    handler: ({ req, world, params }) => {
      const endpoint = rotateWebhookSecret(world.repos, world.clock, signedIn(req), params.id);
      return reply(200, { ...webhookJson(endpoint), secret: endpoint.secret }, { 'Cache-Control': 'no-store' });
    },
  }),
  apiRoute({
    method: 'post',
    path: '/webhooks/:id/test',
    idempotent: true,
    operationId: 'sendTestWebhook',
    tags,
    guard,
    examples,
    summary: 'Send webhook.test to this webhook (whatever it subscribes to)',
    description: `Written to the outbox and sent like any message (signed, retried). ${outsideScope}`,
    params: WebhookParams,
    body: NoBody,
    responses: { 202: { description: 'the message, pending', schema: DeliveryJson } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => {
      const delivery = sendTestEvent(world.repos, world.clock, signedIn(req), params.id);
      return reply(202, deliveryJson({ ...delivery, attemptLog: [] }));
    },
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
    description: outsideScope,
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
    summary: 'The latest 100 messages (newest first), each with its attempts; filter by type and status',
    description: `${outsideScope} An attempt that got no answer says "could not connect", whatever the cause (refused, unreachable, timed out), and no duration.`,
    params: WebhookParams,
    query: DeliveriesQuery,
    responses: { 200: { description: 'messages, newest first', schema: DeliveryListJson } },
    problems: ['not_found'],
    handler: ({ req, world, params, query }) => {
      const { endpoint, deliveries } = webhookDeliveries(world.repos, signedIn(req), params.id, query);
      return { webhook: endpoint.id, deliveries: deliveries.map(deliveryJson) };
    },
  }),
  apiRoute({
    method: 'get',
    path: '/webhooks/:id/deliveries/:deliveryId',
    operationId: 'getDelivery',
    tags,
    guard,
    examples: { ...examples, deliveryId: 'msg_AbC123xyz' },
    summary: 'One message and every attempt: headers sent, status, the first 2 KB of the answer, duration, next attempt',
    description: outsideScope,
    params: DeliveryParams,
    responses: { 200: { description: 'the message', schema: DeliveryJson } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => deliveryJson(webhookDelivery(world.repos, signedIn(req), params.id, params.deliveryId)),
  }),
  apiRoute({
    method: 'post',
    path: '/webhooks/:id/deliveries/:deliveryId/resend',
    idempotent: true,
    operationId: 'resendDelivery',
    tags,
    guard,
    examples: { ...examples, deliveryId: 'msg_AbC123xyz' },
    summary: 'Send a delivered or failed message again, under the same webhook-id (a new round of the schedule)',
    description: `A pending or cancelled one is 409 conflict. ${outsideScope}`,
    params: DeliveryParams,
    body: NoBody,
    responses: { 202: { description: 'the message, pending again', schema: DeliveryJson } },
    problems: ['not_found', 'conflict'],
    handler: ({ req, world, params }) => {
      return reply(202, deliveryJson(resendDelivery(world.repos, world.clock, signedIn(req), params.id, params.deliveryId)));
    },
  }),
  apiRoute({
    method: 'post',
    path: '/webhooks/:id/resend-failed',
    idempotent: true,
    operationId: 'resendFailedDeliveries',
    tags,
    guard,
    examples,
    summary: 'Send every failed message written since a time again, each under its own webhook-id',
    description: outsideScope,
    params: WebhookParams,
    body: ResendFailedBody,
    responses: { 200: { description: 'how many', schema: ResentJson } },
    problems: ['not_found'],
    handler: ({ req, world, params, body }) => ({
      webhook: params.id,
      resent: resendFailedSince(world.repos, world.clock, signedIn(req), params.id, body.since),
    }),
  }),
];
