import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { inboxCount, inboxFor, type Inbox } from '../domain/inbox.ts';
import { listIntegrationViews, type IntegrationView } from './integration-views.ts';

/** What waits for this person now. */
export function inboxOf(repos: Repositories, actor: Actor, at: string): Inbox<IntegrationView> {
  return inboxFor(actor, listIntegrationViews(repos, at));
}

/** How many things wait for this person: the badge in the navigation. */
export function inboxCountOf(repos: Repositories, actor: Actor, at: string): number {
  if (actor.role === 'viewer') return 0;
  return inboxCount(inboxOf(repos, actor, at));
}
