import { storefrontsWithBadges } from '../actions/badges.ts';
import { storefrontOrNotFound } from '../actions/cart.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { fenToYuanString } from '../domain/money.ts';
import { StorefrontParams, WalletsQuery } from '../http/inputs/storefronts.ts';
import { apiRoute } from '../http/route-table.ts';
import { StorefrontJson, StorefrontListJson, storefrontJson, WalletsJson, walletDecisionJson } from '../presenters/api-json.ts';

/** The API sets no cookie: a request that names no shopper is decided for this one. */
const ANONYMOUS_SHOPPER = 'anonymous';
const tags = ['storefronts'];
const examples = { slug: 'eleme' };

/** Storefronts, their catalogues and the checkout decision: anonymous. */
export const storefrontRoutes = [
  apiRoute({
    method: 'get',
    path: '/storefronts',
    operationId: 'listStorefronts',
    tags,
    summary: 'Every storefront with the wallets it offers now',
    responses: { 200: { description: 'storefronts', schema: StorefrontListJson } },
    problems: [],
    handler: ({ world }) => {
      const now = world.clock.now().toISOString();
      return {
        asOf: now,
        storefronts: storefrontsWithBadges(world.repos, now).map(({ storefront, badges }) => ({
          slug: storefront.slug,
          name: storefront.name,
          localName: storefront.localName,
          group: storefront.groupSlug,
          category: storefront.category,
          currency: storefront.currency,
          wallets: badges.map((b) => ({ wallet: b.wallet, name: b.name, state: b.state })),
        })),
      };
    },
  }),
  apiRoute({
    method: 'get',
    path: '/storefronts/:slug/wallets',
    operationId: 'decideWallets',
    tags,
    examples,
    summary: 'The checkout decision: every wallet, shown or not, with its reason code',
    description:
      'amount in yuan (default 100.00); asOf a day (the end of that day, UTC) or an instant, default now; shopper defaults to "anonymous".',
    params: StorefrontParams,
    query: WalletsQuery,
    responses: { 200: { description: 'the decision', schema: WalletsJson } },
    problems: ['not_found'],
    handler: ({ world, params, query }) => {
      const at = query.asOf ?? world.clock.now().toISOString();
      const shopperId = query.shopper ?? ANONYMOUS_SHOPPER;
      const { storefront, wallets } = decideForStorefront(world.repos, {
        storefrontSlug: params.slug,
        shopperId,
        channel: query.channel,
        amountFen: query.amount,
        at,
        host: query.host,
      });
      return {
        storefront: storefront.slug,
        asOf: at,
        context: { channel: query.channel, amount: fenToYuanString(query.amount), shopper: shopperId, host: query.host ?? null },
        wallets: wallets.map(walletDecisionJson),
      };
    },
  }),
  apiRoute({
    method: 'get',
    path: '/storefronts/:slug',
    operationId: 'getStorefront',
    tags,
    examples,
    summary: 'One storefront with its catalogue (prices in yuan)',
    params: StorefrontParams,
    responses: { 200: { description: 'the storefront and its products', schema: StorefrontJson } },
    problems: ['not_found'],
    handler: ({ world, params }) => {
      const storefront = storefrontOrNotFound(world.repos, params.slug);
      return storefrontJson(storefront, world.repos.catalog.products(storefront.slug));
    },
  }),
];
