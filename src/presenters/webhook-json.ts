import { z } from 'zod';
import { instantJson } from './formats.ts';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../db/webhooks.ts';
import { VERBS } from '../domain/transitions.ts';
import { INTEGRATION_EVENT_OF, SCHEDULED_EVENT } from '../domain/webhooks.ts';
import { OrderJson, PaymentJson, RefundJson, TransitionJson } from './api-json.ts';
import { LinkTransitionJson } from './link-json.ts';

/** The webhooks API's JSON; the secret is shown once, when the webhook is created. */

export const WebhookJson = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdBy: z.string(),
  createdAt: instantJson,
  owner: z
    .object({ kind: z.enum(['all', 'group', 'provider']), slug: z.string().nullable() })
    .describe(
      'whose webhook it is, and so what it receives: a storefront group’s (its operators), a wallet provider’s (its reviewers), or all (an admin’s)',
    ),
});
export const CreatedWebhookJson = WebhookJson.extend({
  secret: z.string().describe('whsec_<base64>: verify webhook-signature with it (Standard Webhooks); shown only now'),
});
export const WebhookListJson = z.object({ webhooks: z.array(WebhookJson) });

export const DeliveryJson = z.object({
  id: z.string().describe('the webhook-id header, the same on every attempt'),
  event: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
  attempts: z.number().int(),
  nextAttemptAt: instantJson.nullable().describe('when the next attempt is due (pending only)'),
  lastStatusCode: z.number().int().nullable(),
  lastError: z
    .string()
    .nullable()
    .describe(
      'why the last attempt failed: "answered <status>", "could not connect" (refused, unreachable or timed out alike), or why the target was refused',
    ),
  createdAt: instantJson,
  deliveredAt: instantJson.nullable(),
  attemptLog: z.array(
    z.object({
      attempt: z.number().int(),
      at: instantJson,
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z
        .number()
        .int()
        .describe('how long the answer took; 0 when none came (the time would tell a closed port from a filtered one)'),
    }),
  ),
});
export const DeliveryListJson = z.object({ webhook: z.string(), deliveries: z.array(DeliveryJson) });

export function webhookJson(e: WebhookEndpoint): z.infer<typeof WebhookJson> {
  const owner = e.owner.kind === 'all' ? { kind: e.owner.kind, slug: null } : e.owner;
  return { id: e.id, url: e.url, events: e.events, createdBy: e.createdBy, createdAt: e.createdAt, owner };
}

export function deliveryJson(d: WebhookDelivery & { attemptLog: WebhookAttempt[] }): z.infer<typeof DeliveryJson> {
  return {
    id: d.id,
    event: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatusCode: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
    attemptLog: d.attemptLog.map(({ attempt, at, statusCode, error, durationMs }) => ({ attempt, at, statusCode, error, durationMs })),
  };
}

/** The messages themselves: { type, timestamp, data }, data being the resource after the change. */
const message = <T extends z.ZodType>(types: readonly [string, ...string[]], data: T) =>
  z.object({
    type: z.enum(types),
    timestamp: instantJson.describe(
      "when the change was recorded, or, for a scheduled change announced as it takes effect, its effective time (ISO-8601 UTC; a sandbox's own clock)",
    ),
    data,
  });
export const IntegrationMessageJson = message([SCHEDULED_EVENT, ...VERBS.map((verb) => INTEGRATION_EVENT_OF[verb])], TransitionJson);
export const LinkPolicyMessageJson = message(['link_policy.changed'], LinkTransitionJson);
export const OrderMessageJson = message(['order.placed', 'order.paid', 'order.scanned', 'order.expired'], z.object({ order: OrderJson }));
export const PaymentMessageJson = message(
  ['payment.succeeded', 'payment.declined', 'payment.cancelled', 'payment.expired'],
  z.object({ payment: PaymentJson, order: OrderJson }),
);
export const RefundMessageJson = message(['refund.succeeded', 'refund.failed'], z.object({ refund: RefundJson, order: OrderJson }));
