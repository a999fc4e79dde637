import { z } from 'zod';
import { instantJson } from './formats.ts';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../db/webhooks.ts';
import { VERBS } from '../domain/transitions.ts';
import { INTEGRATION_EVENT_OF, SCHEDULED_EVENT } from '../domain/webhooks.ts';
import { OrderJson, PaymentJson, RefundJson, TransitionJson } from './api-json.ts';
import { LinkTransitionJson } from './link-json.ts';

/** The webhooks API's JSON; the secret is shown once, when the webhook is created. */

const FaultsJson = z
  .object({
    duplicate: z.boolean(),
    delaySeconds: z.number().int(),
    shuffleWindow: z.number().int(),
    seed: z.number().int(),
  })
  .describe('faults played on purpose (sandboxes only)');

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
  status: z.enum(['active', 'disabled']).describe('disabled: nothing is sent or written for it until it is enabled'),
  disabledAt: instantJson.nullable(),
  disabledReason: z.string().nullable().describe('why it is disabled: by whom, or "answered 410 Gone at …"'),
  version: z.number().int().describe('send it back as expectedVersion (or If-Match) to change the webhook'),
  updatedAt: instantJson.nullable(),
  previousSecretSignsUntil: instantJson
    .nullable()
    .describe('after a rotation, the previous secret also signs (a second signature) until then (the world’s clock)'),
  faults: FaultsJson.nullable(),
});
export const CreatedWebhookJson = WebhookJson.extend({
  secret: z.string().describe('whsec_<base64>: verify webhook-signature with it (Standard Webhooks); shown only now'),
});
export const WebhookListJson = z.object({ webhooks: z.array(WebhookJson) });

const AttemptJson = z.object({
  attempt: z.number().int(),
  at: instantJson.describe('the world’s time of the attempt (a sandbox’s clock)'),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z
    .number()
    .int()
    .describe('how long the answer took; 0 when none came (the time would tell a closed port from a filtered one)'),
  requestHeaders: z.record(z.string(), z.string()).nullable().describe('the headers sent (the body is the message’s payload)'),
  responseBody: z.string().nullable().describe('the first 2 KB of the answer’s body'),
  nextAttemptAt: instantJson.nullable().describe('when the next attempt was then due (null: none)'),
  fault: z.string().nullable().describe('a fault played on purpose: duplicate, delayed N s, shuffled'),
});

export const DeliveryJson = z.object({
  id: z.string().describe('the webhook-id header, the same on every attempt'),
  event: z.string(),
  sequence: z.number().int().describe('this world’s count of messages: sort by it (retries arrive out of order)'),
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
  createdAt: instantJson.describe('the world’s time of the event'),
  createdRealAt: instantJson.nullable().describe('the real time the message was written'),
  deliveredAt: instantJson.nullable(),
  payload: z.string().describe('the exact body sent (and signed)'),
  attemptLog: z.array(AttemptJson),
});
export const DeliveryListJson = z.object({ webhook: z.string(), deliveries: z.array(DeliveryJson) });
export const ResentJson = z.object({ webhook: z.string(), resent: z.number().int().describe('how many failed messages are sent again') });

export function webhookJson(e: WebhookEndpoint): z.infer<typeof WebhookJson> {
  const owner = e.owner.kind === 'all' ? { kind: e.owner.kind, slug: null } : e.owner;
  const faults = e.faults
    ? {
        duplicate: !!e.faults.duplicate,
        delaySeconds: e.faults.delaySeconds ?? 0,
        shuffleWindow: e.faults.shuffleWindow ?? 0,
        seed: e.faults.seed ?? 1,
      }
    : null;
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    owner,
    status: e.disabledAt ? 'disabled' : 'active',
    disabledAt: e.disabledAt,
    disabledReason: e.disabledReason,
    version: e.version,
    updatedAt: e.updatedAt,
    previousSecretSignsUntil: e.previousSecret ? e.previousSecretUntil : null,
    faults,
  };
}

export function deliveryJson(d: WebhookDelivery & { attemptLog: WebhookAttempt[] }): z.infer<typeof DeliveryJson> {
  return {
    id: d.id,
    event: d.eventType,
    sequence: d.sequence,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatusCode: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt,
    createdRealAt: d.createdRealAt,
    deliveredAt: d.deliveredAt,
    payload: d.payload,
    attemptLog: d.attemptLog.map((a) => ({
      attempt: a.attempt,
      at: a.at,
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      requestHeaders: a.requestHeaders,
      responseBody: a.responseBody,
      nextAttemptAt: a.nextAttemptAt,
      fault: a.fault,
    })),
  };
}

/** The messages themselves: { type, timestamp, data }, data being the resource after the change. */
const message = <T extends z.ZodType>(types: readonly [string, ...string[]], data: T) =>
  z.object({
    type: z.enum(types),
    timestamp: instantJson.describe(
      "when the change was recorded, or, for a scheduled change announced as it takes effect, its effective time (ISO-8601 UTC; a sandbox's own clock)",
    ),
    sequence: z.number().int().describe('this world’s count of messages, one per message: sort by it, retries arrive out of order'),
    createdAt: instantJson.describe('the real time the message was written'),
    data,
  });
export const IntegrationMessageJson = message([SCHEDULED_EVENT, ...VERBS.map((verb) => INTEGRATION_EVENT_OF[verb])], TransitionJson);
export const LinkPolicyMessageJson = message(['link_policy.changed'], LinkTransitionJson);
export const OrderMessageJson = message(['order.placed', 'order.paid', 'order.scanned', 'order.expired'], z.object({ order: OrderJson }));
export const PaymentMessageJson = message(
  ['payment.succeeded', 'payment.declined', 'payment.cancelled', 'payment.expired'],
  z.object({ payment: PaymentJson, order: OrderJson }),
);
export const TestMessageJson = message(['webhook.test'], z.object({ webhook: z.string(), message: z.string() }));
export const RefundMessageJson = message(['refund.succeeded', 'refund.failed'], z.object({ refund: RefundJson, order: OrderJson }));
