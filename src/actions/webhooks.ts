import { randomBytes } from 'node:crypto';
import type { Repositories } from '../db/repositories.ts';
import type { WebhookEndpoint } from '../db/webhooks.ts';
import type { Actor } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { refusedTarget } from '../domain/webhooks.ts';

/** A Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Subscribes `url` to `events`, if HUTONG_WEBHOOK_ALLOW lets the server reach it. */
export function createWebhook(
  repos: Repositories,
  clock: Clock,
  allow: readonly string[],
  input: { url: string; events: string[]; actor: Actor },
): WebhookEndpoint {
  const why = refusedTarget(input.url, allow);
  if (why) throw new Refusal('bad_request', `This URL cannot receive webhooks: ${why}.`, { errors: [{ path: 'url', message: why }] });
  const endpoint = {
    id: `wh_${randomBytes(9).toString('base64url')}`,
    url: input.url,
    events: [...new Set(input.events)],
    secret: newSecret(),
    createdBy: input.actor.username,
    createdAt: clock.now().toISOString(),
  };
  repos.webhooks.createEndpoint(endpoint);
  return { ...endpoint, status: 'active' };
}

export function webhookOrNotFound(repos: Repositories, id: string): WebhookEndpoint {
  const endpoint = repos.webhooks.endpoint(id);
  if (!endpoint) throw new Refusal('not_found', `There is no webhook "${id}".`);
  return endpoint;
}

/** Stops sending to the endpoint; what it had not received yet is cancelled (and kept, as history). */
export function deleteWebhook(repos: Repositories, clock: Clock, id: string): void {
  if (!repos.webhooks.deleteEndpoint(id, clock.now().toISOString())) throw new Refusal('not_found', `There is no webhook "${id}".`);
}

/** The endpoint's latest deliveries, each with its attempts. */
export function webhookDeliveries(repos: Repositories, id: string) {
  const endpoint = webhookOrNotFound(repos, id);
  const deliveries = repos.webhooks.deliveriesOf(endpoint.id).map((d) => ({ ...d, attemptLog: repos.webhooks.attemptsOf(d.id) }));
  return { endpoint, deliveries };
}
