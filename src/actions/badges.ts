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

/** Each storefront with the wallets it offers at `at` (live) and those on their way. */
export function storefrontsWithBadges(repos: Repositories, at: string, storefronts = repos.catalog.storefronts()): StorefrontWithBadges[] {
  const wallets = repos.catalog.wallets();
  return storefronts.map((storefront) => {
    const histories = repos.integrations.historiesAt(storefront.slug, at);
    const badges: WalletBadge[] = [];
    for (const wallet of wallets) {
      const history = histories.find((h) => h.walletSlug === wallet.slug);
      const { state } = integrationAt(history?.events ?? [], at);
      if (state !== 'not_requested') badges.push({ wallet: wallet.slug, name: wallet.name, state, providerName: wallet.providerName });
    }
    return { storefront, badges };
  });
}
