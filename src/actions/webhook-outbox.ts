import { randomBytes } from 'node:crypto';
import type { Order, Payment } from '../db/orders.ts';
import type { Repositories } from '../db/repositories.ts';
import type { WebhookEndpoint } from '../db/webhooks.ts';
import type { IntegrationEvent } from '../domain/model.ts';
import { mayReceive, type WebhookSubject } from '../domain/webhook-audience.ts';
import { eventTypeWhenRecorded, INTEGRATION_EVENT_OF, matchesAny } from '../domain/webhooks.ts';
import { eventJson, integrationJson, orderJson, paymentJson, refundJson } from '../presenters/api-json.ts';
import type { Refund } from '../db/refunds.ts';
import { integrationView } from './integration-views.ts';
import type { LinkPolicyEvent } from '../domain/links/model.ts';
import { linkEventJson, linkPolicyJson } from '../presenters/link-json.ts';
import type { LinkPolicyView } from './links.ts';
import { outboxWritten } from './webhook-wakeups.ts';

/**
 * The outbox: one delivery row per subscribed endpoint, written by the caller's transaction so
 * the change and its webhooks commit together (or not at all). The body follows the Standard
 * Webhooks payload shape, { type, timestamp, data }, and data is the resource after the change;
 * beside them, `sequence` (this world's count of messages: sort by it, retries arrive out of
 * order) and `createdAt` (the real time it was written; `timestamp` is the world's, a sandbox's
 * clock). The bodies reuse the API's JSON shapes, so a webhook and a GET answer alike.
 * Only endpoints whose scope may see the event's subject get a row: no other is ever written.
 */
function enqueue(
  repos: Repositories,
  type: string,
  subjectOf: () => WebhookSubject,
  at: string,
  data: () => unknown,
  receiving: readonly WebhookEndpoint[] = repos.webhooks.receivingEndpoints(),
): void {
  const subscribed = receiving.filter((e) => matchesAny(e.events, type));
  if (subscribed.length === 0) return;
  const subject = subjectOf();
  const endpoints = subscribed.filter((e) => mayReceive(e.owner, { type, subject }));
  if (endpoints.length === 0) return;
  writeMessage(repos, endpoints, type, at, data());
}

/** Writes one message (one sequence number) to each of `endpoints`. */
export function writeMessage(
  repos: Repositories,
  endpoints: readonly Pick<WebhookEndpoint, 'id'>[],
  type: string,
  at: string,
  data: unknown,
): string[] {
  const sequence = repos.webhooks.nextSequence();
  // Real time, read here rather than injected: it says when the message was written whatever the world's clock reads.
  const createdRealAt = new Date().toISOString();
  const payload = JSON.stringify({ type, timestamp: at, sequence, createdAt: createdRealAt, data });
  const ids = endpoints.map((endpoint) => {
    const id = `msg_${randomBytes(12).toString('base64url')}`;
    repos.webhooks.enqueue({ id, endpointId: endpoint.id, eventType: type, payload, sequence, createdAt: at, createdRealAt });
    return id;
  });
  outboxWritten(repos.db);
  return ids;
}

const integrationSubject = (repos: Repositories, storefront: string, wallet: string) => (): WebhookSubject => ({
  kind: 'integration',
  storefrontGroup: repos.catalog.storefrontOf(storefront).groupSlug,
  walletProvider: repos.catalog.walletOf(wallet).providerSlug,
});

const orderSubject = (repos: Repositories, order: () => Pick<Order, 'storefrontSlug'>) => (): WebhookSubject => ({
  kind: 'order',
  storefrontGroup: repos.catalog.storefrontOf(order().storefrontSlug).groupSlug,
});

/**
 * integration.<verb in the past tense>, with the integration after the change and its event; a
 * change that takes effect later is `integration.scheduled` now (see applyDue for then).
 */
export function recordIntegrationChange(
  repos: Repositories,
  at: string,
  storefront: string,
  wallet: string,
  event: IntegrationEvent,
): void {
  const type = eventTypeWhenRecorded(event.verb, at, event.effectiveAt);
  enqueue(repos, type, integrationSubject(repos, storefront, wallet), at, () => ({
    integration: integrationJson(integrationView(repos, at, storefront, wallet)),
    event: eventJson(event),
  }));
}

/** The change scheduled earlier has taken effect: integration.<verb>, with the integration as it now is. */
export function recordIntegrationTookEffect(repos: Repositories, storefront: string, wallet: string, event: IntegrationEvent): void {
  const subject = integrationSubject(repos, storefront, wallet);
  enqueue(repos, INTEGRATION_EVENT_OF[event.verb], subject, event.effectiveAt, () => ({
    integration: integrationJson(integrationView(repos, event.effectiveAt, storefront, wallet)),
    event: eventJson(event),
  }));
}

/** link_policy.changed, with the policy after the change and its event (the verb is in the event). */
export function recordLinkPolicyChange(repos: Repositories, at: string, policy: LinkPolicyView, event: LinkPolicyEvent): void {
  const subject = (): WebhookSubject => ({
    kind: 'link_policy',
    hostOperatorGroup: policy.scope.hostOperatorGroup,
    hostReviewerProvider: policy.scope.hostReviewerProvider,
    platformRequesterGroup: policy.scope.platformRequesterGroup,
  });
  enqueue(repos, 'link_policy.changed', subject, at, () => ({ policy: linkPolicyJson(policy), event: linkEventJson(event) }));
}

export function recordOrderPlaced(repos: Repositories, order: Order, at: string): void {
  enqueue(
    repos,
    'order.placed',
    orderSubject(repos, () => order),
    at,
    () => ({ order: orderJson(order, repos.orders.items(order.id)) }),
  );
}

/** payment.<outcome>, and order.paid when it succeeded. */
export function recordPayment(repos: Repositories, payment: Payment, at: string): void {
  // The order after the payment, read once for both messages (and not at all if none is written).
  let row: Order | undefined;
  let json: ReturnType<typeof orderJson> | undefined;
  const orderRow = () => (row ??= repos.orders.get(payment.orderId));
  const order = () => (json ??= orderJson(orderRow(), repos.orders.items(payment.orderId)));
  const subject = orderSubject(repos, orderRow);
  const receiving = repos.webhooks.receivingEndpoints();
  enqueue(repos, `payment.${payment.outcome}`, subject, at, () => ({ payment: paymentJson(payment), order: order() }), receiving);
  if (payment.outcome === 'succeeded') enqueue(repos, 'order.paid', subject, at, () => ({ order: order() }), receiving);
}

/** order.scanned: the shopper scanned the QR code and has not confirmed (the order is awaiting_confirmation). */
export function recordScanned(repos: Repositories, orderId: string, at: string): void {
  const subject = orderSubject(repos, () => repos.orders.get(orderId));
  enqueue(repos, 'order.scanned', subject, at, () => {
    const row = repos.orders.get(orderId);
    return { order: orderJson(row, repos.orders.items(row.id)) };
  });
}

/** refund.succeeded or refund.failed, with the refund and the order after it. */
export function recordRefund(repos: Repositories, refund: Refund, at: string): void {
  const subject = orderSubject(repos, () => repos.orders.get(refund.orderId));
  enqueue(repos, `refund.${refund.status}`, subject, at, () => {
    const row = repos.orders.get(refund.orderId);
    return { refund: refundJson(refund), order: orderJson(row, repos.orders.items(row.id)) };
  });
}

/** order.expired: the order left unpaid past its cashier's expiry, at that instant. */
export function recordOrderExpired(repos: Repositories, order: Order, at: string): void {
  enqueue(
    repos,
    'order.expired',
    orderSubject(repos, () => order),
    at,
    () => ({ order: orderJson(order, repos.orders.items(order.id)) }),
  );
}
