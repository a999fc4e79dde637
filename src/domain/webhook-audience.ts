import type { Actor } from './actors.ts';

/**
 * Whose a webhook endpoint is, and what it may receive. An endpoint belongs to the scope of the
 * person who made it: an operator's storefront group, a reviewer's wallet provider, or (an admin's)
 * everything. A host's link policies are set by the operators of the group that runs the host
 * (WeChat: tencent), so a host needs no scope of its own.
 */
export type WebhookOwner = { kind: 'all' } | { kind: 'group'; slug: string } | { kind: 'provider'; slug: string };

export const EVERYONE: WebhookOwner = { kind: 'all' };

/** The scope an endpoint made by `actor` belongs to; null for who may not own one (a viewer, an operator of no group). */
export function ownerFor(actor: Actor): WebhookOwner | null {
  switch (actor.role) {
    case 'admin':
      return EVERYONE;
    case 'operator':
      return actor.groupSlug === null ? null : { kind: 'group', slug: actor.groupSlug };
    case 'reviewer':
      return actor.providerSlug === null ? null : { kind: 'provider', slug: actor.providerSlug };
    case 'viewer':
      return null;
  }
}

/** May `actor` see, change, delete and read the deliveries of an endpoint owned by `owner`? An admin may for every endpoint. */
export function mayManage(actor: Actor, owner: WebhookOwner): boolean {
  if (actor.role === 'admin') return true;
  const own = ownerFor(actor);
  if (own === null || own.kind === 'all' || owner.kind === 'all') return false;
  return own.kind === owner.kind && own.slug === owner.slug;
}

/**
 * What one event is about, as far as who may receive it is concerned: the storefront group and the
 * wallet provider of an integration; the storefront group of an order (and its payments); the group
 * that runs a link policy's host, the provider that reviews requests to it, and the group that asks
 * for the platform's links.
 */
export type WebhookSubject =
  | { kind: 'integration'; storefrontGroup: string; walletProvider: string }
  | { kind: 'order'; storefrontGroup: string }
  | { kind: 'link_policy'; hostOperatorGroup: string; hostReviewerProvider: string | null; platformRequesterGroup: string | null };

/** What an event type is about: integration.* → integration, order.*, payment.* and refund.* → order, link_policy.* → link_policy. */
export function subjectKindOf(type: string): WebhookSubject['kind'] | null {
  const family = type.split('.')[0];
  if (family === 'integration') return 'integration';
  if (family === 'order' || family === 'payment' || family === 'refund') return 'order';
  if (family === 'link_policy') return 'link_policy';
  return null;
}

function groupsOf(subject: WebhookSubject): (string | null)[] {
  switch (subject.kind) {
    case 'integration':
    case 'order':
      return [subject.storefrontGroup];
    case 'link_policy':
      return [subject.hostOperatorGroup, subject.platformRequesterGroup];
  }
}

function providersOf(subject: WebhookSubject): (string | null)[] {
  switch (subject.kind) {
    case 'integration':
      return [subject.walletProvider];
    case 'order':
      return [];
    case 'link_policy':
      return [subject.hostReviewerProvider];
  }
}

/**
 * May an endpoint owned by `owner` receive this event? An admin's endpoint everything; a group's
 * what concerns the group; a provider's what concerns the provider. An event whose subject is not
 * the kind its type names is refused to every scope but an admin's (it cannot be placed).
 */
export function mayReceive(owner: WebhookOwner, event: { type: string; subject: WebhookSubject }): boolean {
  if (owner.kind === 'all') return true;
  if (subjectKindOf(event.type) !== event.subject.kind) return false;
  const concerned = owner.kind === 'group' ? groupsOf(event.subject) : providersOf(event.subject);
  return concerned.includes(owner.slug);
}
