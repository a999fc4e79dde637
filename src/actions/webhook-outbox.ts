import { randomBytes } from 'node:crypto';
import type { Order, Payment } from '../db/orders.ts';
import type { Repositories } from '../db/repositories.ts';
import type { IntegrationEvent } from '../domain/model.ts';
import { eventTypeWhenRecorded, INTEGRATION_EVENT_OF, matchesAny } from '../domain/webhooks.ts';
import { eventJson, integrationJson, orderJson, paymentJson } from '../presenters/api-json.ts';
import { integrationView } from './integration-views.ts';
import type { LinkPolicyEvent } from '../domain/links/model.ts';
import { linkEventJson, linkPolicyJson } from '../presenters/link-json.ts';
import type { LinkPolicyView } from './links.ts';

/**
 * The outbox: one delivery row per subscribed endpoint, written by the caller's transaction so
 * the change and its webhooks commit together (or not at all). The body follows the Standard
 * Webhooks payload shape, { type, timestamp, data }, and data is the resource after the change.
 * (The bodies reuse the API's JSON shapes, so a webhook and a GET answer alike.)
 */
function enqueue(repos: Repositories, type: string, at: string, data: () => unknown): void {
  const endpoints = repos.webhooks.activeEndpoints().filter((e) => matchesAny(e.events, type));
  if (endpoints.length === 0) return;
  const payload = JSON.stringify({ type, timestamp: at, data: data() });
  for (const endpoint of endpoints) {
    repos.webhooks.enqueue({
      id: `msg_${randomBytes(12).toString('base64url')}`,
      endpointId: endpoint.id,
      eventType: type,
      payload,
      createdAt: at,
    });
  }
}

/**
 * integration.<verb in the past tense>, with the integration after the change and its event; a
 * change that takes effect later is `integration.scheduled` now (see announceTakenEffect for then).
 */
export function recordIntegrationChange(
  repos: Repositories,
  at: string,
  storefront: string,
  wallet: string,
  event: IntegrationEvent,
): void {
  enqueue(repos, eventTypeWhenRecorded(event.verb, at, event.effectiveAt), at, () => ({
    integration: integrationJson(integrationView(repos, at, storefront, wallet)),
    event: eventJson(event),
  }));
}

/** The change scheduled earlier has taken effect: integration.<verb>, with the integration as it now is. */
export function recordIntegrationTookEffect(repos: Repositories, storefront: string, wallet: string, event: IntegrationEvent): void {
  enqueue(repos, INTEGRATION_EVENT_OF[event.verb], event.effectiveAt, () => ({
    integration: integrationJson(integrationView(repos, event.effectiveAt, storefront, wallet)),
    event: eventJson(event),
  }));
}

/** link_policy.changed, with the policy after the change and its event (the verb is in the event). */
export function recordLinkPolicyChange(repos: Repositories, at: string, policy: LinkPolicyView, event: LinkPolicyEvent): void {
  enqueue(repos, 'link_policy.changed', at, () => ({ policy: linkPolicyJson(policy), event: linkEventJson(event) }));
}

export function recordOrderPlaced(repos: Repositories, order: Order, at: string): void {
  enqueue(repos, 'order.placed', at, () => ({ order: orderJson(order, repos.orders.items(order.id)) }));
}

/** payment.<outcome>, and order.paid when it succeeded. */
export function recordPayment(repos: Repositories, payment: Payment, at: string): void {
  const order = () => {
    const row = repos.orders.get(payment.orderId);
    return orderJson(row, repos.orders.items(row.id));
  };
  enqueue(repos, `payment.${payment.outcome}`, at, () => ({ payment: paymentJson(payment), order: order() }));
  if (payment.outcome === 'succeeded') enqueue(repos, 'order.paid', at, () => ({ order: order() }));
}
