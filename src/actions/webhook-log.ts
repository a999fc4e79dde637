import type { Repositories } from '../db/repositories.ts';
import type { DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../db/webhooks.ts';
import type { Actor } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { writeMessage } from './webhook-outbox.ts';
import { outboxWritten } from './webhook-wakeups.ts';
import { refuseMissing, webhookOf } from './webhooks.ts';

export type DeliveryWithAttempts = WebhookDelivery & { attemptLog: WebhookAttempt[] };

/** An endpoint's latest messages (newest first), each with its attempts, filtered by type and status. */
export function webhookDeliveries(
  repos: Repositories,
  actor: Actor,
  id: string,
  filter: { type?: string | undefined; status?: DeliveryStatus | undefined } = {},
): { endpoint: WebhookEndpoint; deliveries: DeliveryWithAttempts[] } {
  const endpoint = webhookOf(repos, actor, id);
  const found = repos.webhooks.deliveriesOf(endpoint.id, filter);
  const attempts = repos.webhooks.attemptsOfEach(found.map((d) => d.id));
  return { endpoint, deliveries: found.map((d) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] })) };
}

/** One message of the endpoint, with its attempts (404 if it is another endpoint's). */
export function webhookDelivery(repos: Repositories, actor: Actor, id: string, deliveryId: string): DeliveryWithAttempts {
  const endpoint = webhookOf(repos, actor, id);
  const delivery = repos.webhooks.delivery(deliveryId);
  if (!delivery || delivery.endpointId !== endpoint.id) throw new Refusal('not_found', `Webhook ${id} has no message "${deliveryId}".`);
  return { ...delivery, attemptLog: repos.webhooks.attemptsOf(delivery.id) };
}

/** Sends `webhook.test` to this endpoint alone (whatever it subscribes to), through the outbox like any message. */
export function sendTestEvent(repos: Repositories, clock: Clock, actor: Actor, id: string): WebhookDelivery {
  const endpoint = webhookOf(repos, actor, id);
  const at = clock.now().toISOString();
  const [deliveryId] = repos.webhooks.transaction(() =>
    writeMessage(repos, [endpoint], 'webhook.test', at, { webhook: endpoint.id, message: `A test from ${actor.username}.` }),
  );
  return (deliveryId && repos.webhooks.delivery(deliveryId)) || refuseMissing(id);
}

/** Sends a delivered or failed message again under the same webhook-id, as a new attempt now (a new round of the schedule). */
export function resendDelivery(repos: Repositories, clock: Clock, actor: Actor, id: string, deliveryId: string): DeliveryWithAttempts {
  const delivery = webhookDelivery(repos, actor, id, deliveryId);
  if (!repos.webhooks.resend(delivery.id, clock.now().toISOString()))
    throw new Refusal('conflict', `Message ${deliveryId} is ${delivery.status}: only a delivered or failed message is sent again.`);
  outboxWritten(repos.db);
  return webhookDelivery(repos, actor, id, deliveryId);
}

/** Sends every failed message written since `since` (the world's time) again; how many. */
export function resendFailedSince(repos: Repositories, clock: Clock, actor: Actor, id: string, since: string): number {
  const endpoint = webhookOf(repos, actor, id);
  const resent = repos.webhooks.resendFailedSince(endpoint.id, since, clock.now().toISOString());
  if (resent > 0) outboxWritten(repos.db);
  return resent;
}
