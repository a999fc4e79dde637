import type { Storefront } from '../db/catalog.ts';
import type { Repositories } from '../db/repositories.ts';
import type { IntegrationState } from '../domain/model.ts';
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

/**
 * Each storefront with the wallets it offers at `at` (live) and those on their way: one statement
 * for all of them (a page of the home page, or every storefront for the API).
 */
export function storefrontsWithBadges(repos: Repositories, at: string, storefronts = repos.catalog.storefronts()): StorefrontWithBadges[] {
  const wallets = repos.catalog.wallets();
  const slugs = storefronts.map((s) => s.slug);
  const histories = new Map(
    (repos.states.historiesAt(slugs, at) ?? repos.integrations.historiesOfStorefrontsAt(slugs, at)).map((h) => [
      `${h.storefrontSlug}/${h.walletSlug}`,
      h,
    ]),
  );
  return storefronts.map((storefront) => {
    const badges: WalletBadge[] = [];
    for (const wallet of wallets) {
      const history = histories.get(`${storefront.slug}/${wallet.slug}`);
      const { state } = integrationAt(history?.events ?? [], at);
      if (state !== 'not_requested') badges.push({ wallet: wallet.slug, name: wallet.name, state, providerName: wallet.providerName });
    }
    return { storefront, badges };
  });
}
