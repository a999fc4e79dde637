import { randomBytes } from 'node:crypto';
import type { Repositories } from '../db/repositories.ts';
import type { WebhookEndpoint } from '../db/webhooks.ts';
import type { Actor } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { mayManage, ownerFor } from '../domain/webhook-audience.ts';
import { hasFaults, type WebhookFaults } from '../domain/webhook-schedule.ts';
import { checkTarget, type HostResolver } from './webhook-target.ts';
import { outboxWritten } from './webhook-wakeups.ts';

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
  input: { url: string; events: string[]; actor: Actor; faults?: WebhookFaults | undefined; inSandbox?: boolean },
): Promise<WebhookEndpoint> {
  const owner = ownerFor(input.actor);
  if (owner === null)
    throw new Refusal('forbidden', `${input.actor.username} acts for no storefront group or provider, so owns no webhooks.`);
  const faults = faultsFor(input.faults, input.inSandbox ?? false);
  await refuseUnreachable(input.url, target.allow, target.resolve);
  const endpoint = {
    id: `wh_${randomBytes(9).toString('base64url')}`,
    url: input.url,
    events: [...new Set(input.events)],
    secret: newSecret(),
    createdBy: input.actor.username,
    createdAt: clock.now().toISOString(),
    owner,
    faults,
  };
  repos.webhooks.createEndpoint(endpoint);
  return repos.webhooks.endpoint(endpoint.id) ?? refuseMissing(endpoint.id);
}

/** The one refusal for a webhook that is not there, or not the actor's to see. */
export function refuseMissing(id: string): never {
  throw new Refusal('not_found', `There is no webhook "${id}".`);
}

/** Faults are played only in a sandbox: asked for in the default world, they are refused (bad_request on faults). */
function faultsFor(faults: WebhookFaults | null | undefined, inSandbox: boolean): WebhookFaults | null {
  if (!hasFaults(faults)) return null;
  if (!inSandbox)
    throw new Refusal(
      'bad_request',
      'Faults (duplicate, delay, out of order) are played only in a sandbox; make one to test your receiver.',
      {
        errors: [{ path: 'faults', message: 'only in a sandbox' }],
      },
    );
  return faults;
}

/**
 * Changes an endpoint's URL, events and faults, if it still is at `expectedVersion` (409
 * stale_version otherwise, with the version now). Only what is given changes.
 */
export async function updateWebhook(
  repos: Repositories,
  clock: Clock,
  target: { allow: readonly string[]; resolve: HostResolver },
  input: {
    actor: Actor;
    id: string;
    expectedVersion: number;
    url?: string | undefined;
    events?: string[] | undefined;
    faults?: WebhookFaults | null | undefined;
    inSandbox: boolean;
  },
): Promise<WebhookEndpoint> {
  const endpoint = webhookOf(repos, input.actor, input.id);
  const faults = input.faults === undefined ? endpoint.faults : faultsFor(input.faults, input.inSandbox);
  if (input.url !== undefined && input.url !== endpoint.url) await refuseUnreachable(input.url, target.allow, target.resolve);
  const next = { url: input.url ?? endpoint.url, events: input.events ? [...new Set(input.events)] : endpoint.events, faults };
  if (!repos.webhooks.changeEndpoint(endpoint.id, input.expectedVersion, next, clock.now().toISOString())) {
    const now = repos.webhooks.endpoint(endpoint.id);
    throw new Refusal(
      'stale_version',
      `The webhook is at version ${now?.version ?? '?'}, not ${input.expectedVersion}: it was changed meanwhile. Read it again and retry.`,
      { currentVersion: now?.version ?? 0 },
    );
  }
  return repos.webhooks.endpoint(endpoint.id) ?? refuseMissing(endpoint.id);
}

/** Disables the endpoint (nothing is sent to it, nothing new is written for it) or enables it again (what was pending goes out). */
export function setWebhookEnabled(repos: Repositories, clock: Clock, actor: Actor, id: string, enabled: boolean): WebhookEndpoint {
  const endpoint = webhookOf(repos, actor, id);
  const now = clock.now().toISOString();
  const already = enabled === (endpoint.disabledAt === null);
  if (!already) repos.webhooks.setDisabled(endpoint.id, enabled ? null : { at: now, reason: `disabled by ${actor.username}` }, now);
  if (!already && enabled) outboxWritten(repos.db);
  return repos.webhooks.endpoint(endpoint.id) ?? refuseMissing(endpoint.id);
}

/** How long the previous secret still signs after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/**
 * A new secret, which signs from now; the one it replaces also signs (a second signature in
 * webhook-signature) for 24 hours of the world's clock, so a receiver can switch without losing a message.
 */
export function rotateWebhookSecret(
  repos: Repositories,
  clock: Clock,
  actor: Actor,
  id: string,
  expectedVersion?: number,
): WebhookEndpoint {
  return repos.webhooks.transaction(() => {
    const endpoint = webhookOf(repos, actor, id);
    // A page's form sent twice would rotate twice: the secret the receiver holds would stop signing at once.
    if (expectedVersion !== undefined && expectedVersion !== endpoint.version) {
      throw new Refusal(
        'stale_version',
        `The webhook is at version ${endpoint.version}, not ${expectedVersion}: it was changed meanwhile (rotated, edited or disabled). Read it again before rotating.`,
        { currentVersion: endpoint.version },
      );
    }
    const now = clock.now();
    const until = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
    repos.webhooks.rotateSecret(endpoint.id, newSecret(), until, now.toISOString());
    return repos.webhooks.endpoint(endpoint.id) ?? refuseMissing(endpoint.id);
  });
}

/**
 * The endpoint `id`, if `actor` may manage it: their own scope's (an admin: every one). Anyone else is
 * told there is no such webhook, as when there is none: whether it exists is not theirs to learn.
 * Every webhook route reads its endpoint through here.
 */
export function webhookOf(repos: Repositories, actor: Actor, id: string): WebhookEndpoint {
  const endpoint = repos.webhooks.endpoint(id);
  if (!endpoint || !mayManage(actor, endpoint.owner)) refuseMissing(id);
  return endpoint;
}

/** The webhooks `actor` may manage: their scope's (an admin: all). */
export function webhooksOf(repos: Repositories, actor: Actor): WebhookEndpoint[] {
  return repos.webhooks.liveEndpoints().filter((endpoint) => mayManage(actor, endpoint.owner));
}

/** Stops sending to the endpoint; what it had not received yet is cancelled (and kept, as history). */
export function deleteWebhook(repos: Repositories, clock: Clock, actor: Actor, id: string): void {
  const endpoint = webhookOf(repos, actor, id);
  if (!repos.webhooks.deleteEndpoint(endpoint.id, clock.now().toISOString()))
    throw new Refusal('not_found', `There is no webhook "${id}".`);
}
