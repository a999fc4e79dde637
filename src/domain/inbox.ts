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

/** What waits for this person. Viewers have nothing to do. */
export function inboxFor<T extends InboxCandidate>(actor: Actor, items: readonly T[]): Inbox<T> {
  const sections = inboxSectionsFor(actor);
  return {
    awaitingReview: sections.includes('awaitingReview')
      ? items.filter((i) => i.state === 'requested' && (actor.role === 'admin' || i.providerSlug === actor.providerSlug))
      : [],
    needingAction: sections.includes('needingAction')
      ? items.filter((i) => needsOperator(i) && (actor.role === 'admin' || i.groupSlug === actor.groupSlug))
      : [],
  };
}

export function inboxCount(inbox: Inbox<unknown>): number {
  return inbox.awaitingReview.length + inbox.needingAction.length;
}
