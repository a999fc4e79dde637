import { Router } from 'express';
import type { RouteDeps } from '../app.ts';
import { integrationAt } from '../domain/timeline.ts';
import { renderPage } from '../http/render.ts';
import { loadedScenario } from '../db/settings.ts';

export interface WalletBadge {
  wallet: string;
  name: string;
  state: string;
  providerName: string;
}

/** Each storefront with the wallets it offers now (live) and those on their way. */
export function storefrontsWithBadges(deps: RouteDeps, at: string) {
  const wallets = deps.repos.catalog.wallets();
  return deps.repos.catalog.storefronts().map((storefront) => {
    const histories = deps.repos.integrations.historiesAt(storefront.slug, at);
    const badges: WalletBadge[] = [];
    for (const wallet of wallets) {
      const history = histories.find((h) => h.walletSlug === wallet.slug);
      const { state } = integrationAt(history?.events ?? [], at);
      if (state !== 'not_requested') badges.push({ wallet: wallet.slug, name: wallet.name, state, providerName: wallet.providerName });
    }
    return { storefront, badges };
  });
}

export function homeRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const now = deps.clock.now().toISOString();
    renderPage(res, 'pages/home', {
      title: 'Storefronts',
      storefronts: storefrontsWithBadges(deps, now),
      scenario: loadedScenario(deps.repos.db),
      cartCounts: new Map(deps.repos.carts.itemCounts(req.shopperId).map((c) => [c.storefrontSlug, c.items])),
    });
  });
  return router;
}
