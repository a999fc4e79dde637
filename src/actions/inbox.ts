import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { inboxCount, inboxFor, inboxScope, type Inbox, type InboxCandidate } from '../domain/inbox.ts';
import { linkRequestsAwaiting } from './console-links.ts';
import type { LinkPolicyView } from './links.ts';
import { summaryOf, type IntegrationSummary } from './integration-views.ts';
import type { IndexedIntegration } from '../db/integration-states.ts';

type Candidate = InboxCandidate & { entry: IndexedIntegration };

function asCandidates(items: ReturnType<Repositories['states']['all']>): Candidate[] {
  return items.map(({ entry, snapshot }) => ({
    entry,
    state: snapshot.state,
    groupSlug: entry.storefront.groupSlug,
    providerSlug: entry.wallet.providerSlug,
    scheduled: snapshot.pending?.toState === 'live' ? snapshot.pending : null,
  }));
}

const nothing = (actor: Actor) => {
  const scope = inboxScope(actor);
  return scope.reviewsFor === null && scope.operatesFor === null;
};

/** What waits for this person among the integrations, from the states at `at`, in the console's order. */
function integrationInbox(actor: Actor, items: ReturnType<Repositories['states']['all']>, at: string): Inbox<IntegrationSummary> {
  if (nothing(actor)) return { awaitingReview: [], needingAction: [] };
  const inbox = inboxFor(actor, asCandidates(items));
  const summary = ({ entry }: Candidate) => summaryOf(entry.storefront, entry.wallet, entry.row, entry.events, at);
  return { awaitingReview: inbox.awaitingReview.map(summary), needingAction: inbox.needingAction.map(summary) };
}

/** What waits for this person now (the console's inbox page), in the console's order. */
export function inboxOf(repos: Repositories, actor: Actor, at: string): Inbox<IntegrationSummary> {
  return integrationInbox(actor, repos.states.all(at), at);
}

export interface ConsoleInbox {
  inbox: Inbox<IntegrationSummary>;
  /** The link platforms' requests this person may decide. */
  linkRequests: LinkPolicyView[];
}

/**
 * The console's inbox page: integrations and link requests, kept with the states' memo (a link write invalidates
 * it like an integration write), so the page costs one check of the database, not a pass over the policies.
 */
export function consoleInboxOf(repos: Repositories, actor: Actor, at: string): ConsoleInbox {
  return repos.states.memoized(`console ${actor.username}`, at, (items) => ({
    inbox: integrationInbox(actor, items, at),
    linkRequests: linkRequestsAwaiting(repos, actor, at),
  }));
}

/** How many things wait for this person: the badge on every signed-in page, counted once per person until something changes. */
export function inboxCountOf(repos: Repositories, actor: Actor, at: string): number {
  if (nothing(actor)) return 0;
  return repos.states.memoized(
    `inbox ${actor.username}`,
    at,
    (items) => inboxCount(inboxFor(actor, asCandidates(items))) + linkRequestsAwaiting(repos, actor, at).length,
  );
}
