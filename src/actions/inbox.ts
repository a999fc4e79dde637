import type { Storefront } from '../db/catalog.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { inboxCount, inboxFor, inboxScope, type Inbox } from '../domain/inbox.ts';
import type { Wallet } from '../domain/model.ts';
import { summaryOf, type IntegrationSummary } from './integration-views.ts';

/**
 * What waits for this person now (the console's inbox page). Three statements whatever the size
 * of the world: the candidate rows (by state and scope, plus the few with an event after `at`),
 * the events that give their state at `at`, in one batch, and nothing per integration.
 */
export function inboxOf(repos: Repositories, actor: Actor, at: string): Inbox<IntegrationSummary> {
  const scope = inboxScope(actor);
  if (scope.reviewsFor === null && scope.operatesFor === null) return { awaitingReview: [], needingAction: [] };
  const rows = repos.inbox.candidates(scope, at);
  const events = new Map(repos.integrations.historiesOfIntegrationsAt(rows.map((row) => row.id), at).map((h) => [h.integrationId, h.events]));
  const storefronts = new Map(repos.catalog.storefronts().map((s) => [s.slug, s]));
  const wallets = new Map(repos.catalog.wallets().map((w) => [w.slug, w]));
  return inboxFor(actor, rows.map((row) => summaryOf(storefronts.get(row.storefrontSlug) as Storefront, wallets.get(row.walletSlug) as Wallet,
    row, events.get(row.id) ?? [], at)));
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
