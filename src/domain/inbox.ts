import type { Actor } from './actors.ts';
import type { IntegrationState } from './model.ts';

/** The little the inbox needs to know about an integration, as of now. */
export interface InboxCandidate {
  state: IntegrationState;
  groupSlug: string;
  providerSlug: string;
  /** A launch scheduled for later: nothing to do until then. */
  scheduled: object | null;
}

export interface Inbox<T> {
  /** Requests awaiting this reviewer's provider (all providers for an admin). */
  awaitingReview: T[];
  /** The operator's integrations that need a next step: launch, re-request or resume. */
  needingAction: T[];
}

function needsOperator(item: InboxCandidate): boolean {
  return (item.state === 'approved' && item.scheduled === null) || item.state === 'rejected' || item.state === 'suspended';
}

export type InboxSection = keyof Inbox<unknown>;

/** The inbox sections this person sees, in page order: reviewers review, operators act, admins do both, viewers neither. */
export function inboxSectionsFor(actor: Pick<Actor, 'role'>): InboxSection[] {
  const reviews = actor.role === 'admin' || actor.role === 'reviewer';
  const operates = actor.role === 'admin' || actor.role === 'operator';
  return [...(reviews ? ['awaitingReview' as const] : []), ...(operates ? ['needingAction' as const] : [])];
}

/**
 * Whose work this person sees: requests for one provider's wallets (or every provider's),
 * and one group's integrations (or every group's). `null` means "none of that kind".
 */
export interface InboxScope {
  /** Review requests for this provider; '*' for every provider. */
  reviewsFor: string | null;
  /** Act on integrations of this group; '*' for every group. */
  operatesFor: string | null;
}

export function inboxScope(actor: Actor): InboxScope {
  const sections = inboxSectionsFor(actor);
  const all = actor.role === 'admin';
  return {
    reviewsFor: sections.includes('awaitingReview') ? (all ? '*' : actor.providerSlug) : null,
    operatesFor: sections.includes('needingAction') ? (all ? '*' : actor.groupSlug) : null,
  };
}

const within = (scope: string | null, slug: string) => scope === '*' || (scope !== null && scope === slug);

/** What waits for this person. Viewers have nothing to do. */
export function inboxFor<T extends InboxCandidate>(actor: Actor, items: readonly T[]): Inbox<T> {
  const scope = inboxScope(actor);
  return {
    awaitingReview: items.filter((i) => i.state === 'requested' && within(scope.reviewsFor, i.providerSlug)),
    needingAction: items.filter((i) => needsOperator(i) && within(scope.operatesFor, i.groupSlug)),
  };
}

export function inboxCount(inbox: Inbox<unknown>): number {
  return inbox.awaitingReview.length + inbox.needingAction.length;
}
