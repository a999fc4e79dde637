import { randomBytes } from 'node:crypto';
import type { Repositories } from '../db/repositories.ts';
import type { WebhookEndpoint } from '../db/webhooks.ts';
import type { Actor } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { mayManage, ownerFor } from '../domain/webhook-audience.ts';
import { checkTarget, type HostResolver } from './webhook-target.ts';

/** A Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The URL's host name must resolve, and every address it resolves to be allowed. */
async function refuseUnreachable(url: string, allow: readonly string[], resolve: HostResolver): Promise<void> {
  const checked = await checkTarget(url, allow, resolve);
  if ('target' in checked) return;
  throw new Refusal('bad_request', `This URL cannot receive webhooks: ${checked.why}.`, {
    errors: [{ path: 'url', message: checked.why }],
  });
}

/**
 * Subscribes `url` to `events`, if HUTONG_WEBHOOK_ALLOW lets the server reach every address its
 * host resolves to. The endpoint belongs to the actor's scope (their group, their provider, or,
 * for an admin, everything) and receives only what that scope may see.
 */
export async function createWebhook(
  repos: Repositories,
  clock: Clock,
  target: { allow: readonly string[]; resolve: HostResolver },
  input: { url: string; events: string[]; actor: Actor },
): Promise<WebhookEndpoint> {
  const owner = ownerFor(input.actor);
  if (owner === null)
    throw new Refusal('forbidden', `${input.actor.username} acts for no storefront group or provider, so owns no webhooks.`);
  await refuseUnreachable(input.url, target.allow, target.resolve);
  const endpoint = {
    id: `wh_${randomBytes(9).toString('base64url')}`,
    url: input.url,
    events: [...new Set(input.events)],
    secret: newSecret(),
    createdBy: input.actor.username,
    createdAt: clock.now().toISOString(),
    owner,
  };
  repos.webhooks.createEndpoint(endpoint);
  return { ...endpoint, status: 'active' };
}

/**
 * The endpoint `id`, if `actor` may manage it: their own scope's (an admin: every one). Anyone else is
 * told there is no such webhook, as when there is none: whether it exists is not theirs to learn.
 * Every webhook route reads its endpoint through here.
 */
export function webhookOf(repos: Repositories, actor: Actor, id: string): WebhookEndpoint {
  const endpoint = repos.webhooks.endpoint(id);
  if (!endpoint || !mayManage(actor, endpoint.owner)) throw new Refusal('not_found', `There is no webhook "${id}".`);
  return endpoint;
}

/** The webhooks `actor` may manage: their scope's (an admin: all). */
export function webhooksOf(repos: Repositories, actor: Actor): WebhookEndpoint[] {
  return repos.webhooks.activeEndpoints().filter((endpoint) => mayManage(actor, endpoint.owner));
}

/** Stops sending to the endpoint; what it had not received yet is cancelled (and kept, as history). */
export function deleteWebhook(repos: Repositories, clock: Clock, actor: Actor, id: string): void {
  const endpoint = webhookOf(repos, actor, id);
  if (!repos.webhooks.deleteEndpoint(endpoint.id, clock.now().toISOString()))
    throw new Refusal('not_found', `There is no webhook "${id}".`);
}

/** The endpoint's latest deliveries, each with its attempts. */
export function webhookDeliveries(repos: Repositories, actor: Actor, id: string) {
  const endpoint = webhookOf(repos, actor, id);
  const deliveries = repos.webhooks.deliveriesOf(endpoint.id).map((d) => ({ ...d, attemptLog: repos.webhooks.attemptsOf(d.id) }));
  return { endpoint, deliveries };
}
