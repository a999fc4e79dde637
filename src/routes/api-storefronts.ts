import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { storefrontsWithBadges } from '../actions/badges.ts';
import { storefrontOrNotFound } from '../actions/cart.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { fenToYuanString } from '../domain/money.ts';
import { storefrontJson, walletDecisionJson } from '../presenters/api-json.ts';
import { parseInput } from '../http/validate.ts';
import { StorefrontParams, WalletsQuery } from '../http/inputs/storefronts.ts';

/** The API sets no cookie: a request that names no shopper is decided for this one. */
const ANONYMOUS_SHOPPER = 'anonymous';

export function apiStorefrontRoutes(deps: RouteDeps): Router {
  const router = Router();

  router.get('/storefronts', (_req, res) => {
    const now = deps.clock.now().toISOString();
    res.json({
      asOf: now,
      storefronts: storefrontsWithBadges(deps.repos, now).map(({ storefront, badges }) => ({
        slug: storefront.slug, name: storefront.name, localName: storefront.localName, group: storefront.groupSlug,
        category: storefront.category, currency: storefront.currency,
        wallets: badges.map((b) => ({ wallet: b.wallet, name: b.name, state: b.state })),
      })),
    });
  });

  router.get('/storefronts/:slug/wallets', (req, res) => {
    const { slug } = parseInput(StorefrontParams, req.params);
    const query = parseInput(WalletsQuery, req.query);
    const at = query.asOf ?? deps.clock.now().toISOString();
    const shopperId = query.shopper ?? ANONYMOUS_SHOPPER;
    const { storefront, wallets } = decideForStorefront(deps.repos, {
      storefrontSlug: slug, shopperId, channel: query.channel, amountFen: query.amount, at, host: query.host,
    });
    res.json({
      storefront: storefront.slug,
      asOf: at,
      context: { channel: query.channel, amount: fenToYuanString(query.amount), shopper: shopperId, host: query.host ?? null },
      wallets: wallets.map(walletDecisionJson),
    });
  });

  router.get('/storefronts/:slug', (req, res) => {
    const { slug } = parseInput(StorefrontParams, req.params);
    const storefront = storefrontOrNotFound(deps.repos, slug);
    res.json(storefrontJson(storefront, deps.repos.catalog.products(storefront.slug)));
  });

  return router;
}
