import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { inboxCount, inboxFor, inboxScope, type Inbox } from '../domain/inbox.ts';
import { listIntegrationViews, type IntegrationView } from './integration-views.ts';

/** What waits for this person now (the console's inbox page). */
export function inboxOf(repos: Repositories, actor: Actor, at: string): Inbox<IntegrationView> {
  return inboxFor(actor, listIntegrationViews(repos, at));
}

/**
 * How many things wait for this person: the badge on every signed-in page. Two statements
 * whatever the size of the world: a count over the integrations' rows, and the events of the
 * few integrations with an event after `at` (a scheduled launch), replayed.
 */
export function inboxCountOf(repos: Repositories, actor: Actor, at: string): number {
  const scope = inboxScope(actor);
  if (scope.reviewsFor === null && scope.operatesFor === null) return 0;
  return repos.inbox.waitingSettled(scope, at) + inboxCount(inboxFor(actor, repos.inbox.ahead(at)));
}
