import { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { integrationAt } from '../domain/timeline.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { loadedScenario } from '../db/settings.ts';

export interface WalletBadge {
  wallet: string;
  name: string;
  state: string;
  providerName: string;
}

/** Each storefront with the wallets it offers now (live) and those on their way. */
export function storefrontsWithBadges(deps: RouteDeps, at: string, storefronts = deps.repos.catalog.storefronts()) {
  const wallets = deps.repos.catalog.wallets();
  return storefronts.map((storefront) => {
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

// The record has ten storefronts; a generated world has a thousand, which one page cannot show.
const PAGE_SIZE = 48;
const HomeQuery = z.object({ page: z.coerce.number({ message: 'a page number' }).int('a page number').min(1, 'a page number').max(100_000, 'a page number').default(1) });

export function homeRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const now = deps.clock.now().toISOString();
    const { page } = parseInput(HomeQuery, req.query);
    const all = deps.repos.catalog.storefronts();
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    renderPage(res, 'pages/home', {
      title: 'Storefronts',
      pageNumber: Math.min(page, pages), pages,
      storefronts: storefrontsWithBadges(deps, now, all.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE)),
      scenario: loadedScenario(deps.repos.db),
      cartCounts: new Map(deps.repos.carts.itemCounts(req.shopperId).map((c) => [c.storefrontSlug, c.items])),
    });
  });
  return router;
}
