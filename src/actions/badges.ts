import type { Storefront } from '../db/catalog.ts';
import type { Repositories } from '../db/repositories.ts';
import type { IntegrationState, Wallet } from '../domain/model.ts';
import { integrationAt } from '../domain/timeline.ts';

export interface WalletBadge {
  wallet: string;
  name: string;
  state: IntegrationState;
  providerName: string;
}

export interface StorefrontWithBadges {
  storefront: Storefront;
  badges: WalletBadge[];
}

/** The badges of every storefront of the catalog from each integration's state: the wallets it offers and those on their way. */
function badgesOf(
  storefronts: readonly Storefront[],
  wallets: readonly Wallet[],
  stateOf: (storefront: string, wallet: string) => IntegrationState,
): Map<string, WalletBadge[]> {
  const bySlug = new Map<string, WalletBadge[]>();
  for (const storefront of storefronts) {
    const badges: WalletBadge[] = [];
    for (const wallet of wallets) {
      const state = stateOf(storefront.slug, wallet.slug);
      if (state !== 'not_requested') badges.push({ wallet: wallet.slug, name: wallet.name, state, providerName: wallet.providerName });
    }
    bySlug.set(storefront.slug, badges);
  }
  return bySlug;
}

/**
 * Every storefront's badges now, kept with the states' memo until something is written or a
 * scheduled change takes effect: a page of the home page costs a look-up, not a pass over its
 * storefronts' histories.
 */
function badgesNow(repos: Repositories, at: string): Map<string, WalletBadge[]> {
  return repos.states.memoized('badges', at, (items) => {
    const states = new Map(items.map(({ entry, snapshot }) => [`${entry.row.storefrontSlug}/${entry.row.walletSlug}`, snapshot.state]));
    return badgesOf(repos.catalog.storefronts(), repos.catalog.wallets(), (s, w) => states.get(`${s}/${w}`) ?? 'not_requested');
  });
}

/**
 * Each storefront with the wallets it offers at `at` (live) and those on their way: from the
 * memo now, else one statement for all of them (a day in the past).
 */
export function storefrontsWithBadges(repos: Repositories, at: string, storefronts = repos.catalog.storefronts()): StorefrontWithBadges[] {
  if (repos.states.answersFor(at)) {
    const now = badgesNow(repos, at);
    return storefronts.map((storefront) => ({ storefront, badges: now.get(storefront.slug) ?? [] }));
  }
  const slugs = storefronts.map((s) => s.slug);
  const histories = new Map(
    (repos.states.historiesAt(slugs, at) ?? repos.integrations.historiesOfStorefrontsAt(slugs, at)).map((h) => [
      `${h.storefrontSlug}/${h.walletSlug}`,
      h,
    ]),
  );
  const bySlug = badgesOf(
    storefronts,
    repos.catalog.wallets(),
    (s, w) => integrationAt(histories.get(`${s}/${w}`)?.events ?? [], at).state,
  );
  return storefronts.map((storefront) => ({ storefront, badges: bySlug.get(storefront.slug) ?? [] }));
}
