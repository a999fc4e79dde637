import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { inboxCount, inboxFor, inboxScope, type Inbox, type InboxCandidate } from '../domain/inbox.ts';
import { linkRequestsAwaiting } from './console-links.ts';
import { summaryOf, type IntegrationSummary } from './integration-views.ts';
import type { IndexedIntegration } from '../db/integration-states.ts';

type Candidate = InboxCandidate & { entry: IndexedIntegration };

/** Every integration as the inbox sees it at `at`, from the in-memory states (no statement once they are read). */
function candidates(repos: Repositories, at: string): Candidate[] {
  return asCandidates(repos.states.all(at));
}

function asCandidates(items: ReturnType<Repositories['states']['all']>): Candidate[] {
  return items.map(({ entry, snapshot }) => ({
    entry, state: snapshot.state, groupSlug: entry.storefront.groupSlug, providerSlug: entry.wallet.providerSlug,
    scheduled: snapshot.pending?.toState === 'live' ? snapshot.pending : null,
  }));
}

const nothing = (actor: Actor) => {
  const scope = inboxScope(actor);
  return scope.reviewsFor === null && scope.operatesFor === null;
};

/** What waits for this person now (the console's inbox page), in the console's order. */
export function inboxOf(repos: Repositories, actor: Actor, at: string): Inbox<IntegrationSummary> {
  if (nothing(actor)) return { awaitingReview: [], needingAction: [] };
  const inbox = inboxFor(actor, candidates(repos, at));
  const summary = ({ entry }: Candidate) => summaryOf(entry.storefront, entry.wallet, entry.row, entry.events, at);
  return { awaitingReview: inbox.awaitingReview.map(summary), needingAction: inbox.needingAction.map(summary) };
}

/**
 * How many things wait for this person: the badge on every signed-in page. Integrations are counted once per scope until
 * something changes; link requests (rare, read from the policies' latest rows) are added each time.
 */
export function inboxCountOf(repos: Repositories, actor: Actor, at: string): number {
  if (nothing(actor)) return 0;
  const scope = inboxScope(actor);
  return repos.states.memoized(`inbox ${actor.role} ${scope.reviewsFor} ${scope.operatesFor}`, at,
    (items) => inboxCount(inboxFor(actor, asCandidates(items)))) + linkRequestsAwaiting(repos, actor, at).length;
}
