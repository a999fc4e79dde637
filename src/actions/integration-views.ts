import type { Storefront } from '../db/catalog.ts';
import type { IntegrationRow } from '../db/integrations.ts';
import type { Repositories } from '../db/repositories.ts';
import { Refusal } from '../domain/errors.ts';
import type { IntegrationEvent, IntegrationState, Rules, Wallet } from '../domain/model.ts';
import type { IntegrationScope } from '../domain/permissions.ts';
import { integrationAt } from '../domain/timeline.ts';

/** One integration's state as of `at`, not the row's latest write: what a list of integrations shows. */
export interface IntegrationSummary {
  storefront: Storefront;
  wallet: Wallet;
  row: IntegrationRow;
  state: IntegrationState;
  rules: Rules;
  version: number;
  /** The event that put it in its current state. */
  since: IntegrationEvent | null;
  /** A launch recorded for later: the integration shows SCHEDULED until then. */
  scheduled: IntegrationEvent | null;
  scope: IntegrationScope;
  groupSlug: string;
  providerSlug: string;
}

/** One integration as the console and the API show it, with its full history. */
export interface IntegrationView extends IntegrationSummary {
  events: IntegrationEvent[];
}

export interface IntegrationFilter {
  storefront?: string | undefined;
  wallet?: string | undefined;
  state?: IntegrationState | undefined;
}

/**
 * The summary from enough of the history to know the state at `at`: the whole history, or only
 * the event in force and those recorded for later (`historiesOf…At`).
 */
export function summaryOf(
  storefront: Storefront,
  wallet: Wallet,
  row: IntegrationRow,
  events: readonly IntegrationEvent[],
  at: string,
): IntegrationSummary {
  const snapshot = integrationAt(events, at);
  const scheduled = snapshot.pending && snapshot.pending.toState === 'live' ? snapshot.pending : null;
  const scope: IntegrationScope = {
    state: snapshot.state,
    storefrontName: storefront.name,
    groupSlug: storefront.groupSlug,
    walletName: wallet.name,
    providerSlug: wallet.providerSlug,
    providerName: wallet.providerName,
    requestedBy: snapshot.state === 'requested' ? (snapshot.since?.actor ?? null) : null,
    suspendedByProvider: snapshot.state === 'suspended' && snapshot.since?.actorRole === 'reviewer',
  };
  return {
    storefront,
    wallet,
    row,
    state: snapshot.state,
    // Before its first event an integration has the row's rules (its wallet's display order), not the defaults.
    rules: snapshot.since ? snapshot.rules : row.rules,
    version: row.version,
    since: snapshot.since,
    scheduled,
    scope,
    groupSlug: storefront.groupSlug,
    providerSlug: wallet.providerSlug,
  };
}

function viewOf(storefront: Storefront, wallet: Wallet, row: IntegrationRow, events: IntegrationEvent[], at: string): IntegrationView {
  return { ...summaryOf(storefront, wallet, row, events, at), events };
}

/** Every integration matching the filter, with its state as of `at`. */
export function listIntegrationViews(repos: Repositories, at: string, filter: IntegrationFilter = {}): IntegrationView[] {
  return repos.integrations
    .list({ storefront: filter.storefront, wallet: filter.wallet })
    .map((row) =>
      viewOf(
        repos.catalog.storefrontOf(row.storefrontSlug),
        repos.catalog.walletOf(row.walletSlug),
        row,
        repos.integrations.events(row.id),
        at,
      ),
    )
    .filter((view) => filter.state === undefined || view.state === filter.state);
}

/** One integration with its full history, or a 404 naming what was asked for. */
export function integrationView(repos: Repositories, at: string, storefrontSlug: string, walletSlug: string): IntegrationView {
  const storefront = repos.catalog.storefront(storefrontSlug);
  if (!storefront) throw new Refusal('not_found', `There is no storefront "${storefrontSlug}".`);
  const wallet = repos.catalog.wallet(walletSlug);
  if (!wallet) throw new Refusal('not_found', `There is no wallet "${walletSlug}".`);
  const row = repos.integrations.find(storefront.slug, wallet.slug);
  if (!row) throw new Refusal('not_found', `${storefront.name} has no ${wallet.name} integration.`);
  return viewOf(storefront, wallet, row, repos.integrations.events(row.id), at);
}

/** The event that produced the row's current version: who changed it last, and when. */
export function lastWrite(view: IntegrationView): IntegrationEvent | null {
  return view.events.reduce<IntegrationEvent | null>((last, e) => (last === null || e.version > last.version ? e : last), null);
}
