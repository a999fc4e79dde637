import type { z } from 'zod';
import {
  IntegrationMessageJson,
  LinkPolicyMessageJson,
  OrderMessageJson,
  PaymentMessageJson,
  RefundMessageJson,
  TestMessageJson,
} from '../presenters/webhook-json.ts';

const SIGNED =
  'Signed per Standard Webhooks: webhook-id (the same on every retry), webhook-timestamp (real time), webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the secret (two space-separated signatures for 24 h after a rotation). Answer 2xx within 15 s; 410 disables the webhook; 429/503 with Retry-After wait that long (at most a day); anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h five times (±10 %), then failed. Messages carry sequence: retries arrive out of order, so sort by it.';

/** What a subscribed URL receives (the document's `webhooks`). */
export interface WebhookMessage {
  operationId: string;
  summary: string;
  description: string;
  schema: z.ZodType;
}

export const webhookMessages: Record<'integration' | 'order' | 'linkPolicy' | 'payment' | 'refund' | 'test', WebhookMessage> = {
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
    summary: 'order.placed, order.paid, order.scanned (scanned, awaiting confirmation), order.expired: the order after the change',
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
  test: {
    operationId: 'webhookTest',
    description: SIGNED,
    schema: TestMessageJson,
    summary: 'webhook.test: sent on request (POST /webhooks/{id}/test) to that webhook alone',
  },
};
