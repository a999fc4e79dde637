import type { Request, Response } from 'express';
import { z } from 'zod';
import { cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { placeOrder } from '../actions/orders.ts';
import type { Storefront } from '../db/catalog.ts';
import { CHANNELS, CONTEXT_CHANNELS, type ContextChannel as Channel } from '../domain/model.ts';
import type { FormFailure } from '../http/errors.ts';
import { channel, storefrontSlug, walletSlug } from '../http/inputs/common.ts';
import { ShopPageParams, sentToLowerCaseSlug } from '../http/lower-case-slug.ts';
import { page } from '../http/page-table.ts';
import { errorsByField } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { shopperOf } from '../http/shopper.ts';
import { parseInput } from '../http/validate.ts';
import { asOfForm } from '../views-helpers/as-of-form.ts';
import { refuseBadStanding, seeOther, seeOtherInFlow, standingOf, todayLink, visitOf, worldOf } from '../http/visit.ts';

/** The date and host the checkout stands at are the visit's (`?asOf=`, `?host=`). */
const StorefrontParams = z.object({ slug: storefrontSlug });
const CheckoutQuery = z.object({ channel: channel.default('app') });
const PlaceOrderInput = z.object({
  channel,
  wallet: z.string({ message: 'choose a wallet to pay with' }).pipe(walletSlug),
});

interface CheckoutView {
  storefront: Storefront;
  channel: Channel;
  chosen?: string | undefined;
  errors?: Record<string, string>;
  refusal?: string;
}

function renderCheckout(req: Request, res: Response, view: CheckoutView, status = 200): void {
  const { repos, clock } = worldOf(req);
  // A date or host that is not valid is shown beside the form (the page stands today, outside any host).
  const { travel, openedIn } = visitOf(req);
  const shopperId = shopperOf(req);
  const { lines, totalFen } = cartOf(repos, shopperId, view.storefront.slug);
  if (lines.length === 0 && status === 200) {
    seeOtherInFlow(req, res, `/shop/${view.storefront.slug}/cart`);
    return;
  }
  const channel: Channel = openedIn ? 'in_app_browser' : view.channel;
  const { wallets } = decideForStorefront(repos, {
    storefrontSlug: view.storefront.slug,
    shopperId,
    channel,
    amountFen: totalFen,
    at: travel?.at ?? clock.now().toISOString(),
    host: openedIn?.host,
  });
  const shown = wallets.filter((w) => w.shown);
  renderPage(
    res,
    'shop/checkout',
    {
      title: `Checkout — ${view.storefront.name}`,
      ...view,
      channel,
      lines,
      totalFen,
      channels: openedIn ? ['in_app_browser'] : CHANNELS,
      todayPath: todayLink(req, `/shop/${view.storefront.slug}/checkout?channel=${channel}`),
      shown,
      hidden: wallets.filter((w) => !w.shown),
      chosen: view.chosen ?? shown[0]?.wallet,
      hostWalls: openedIn ? repos.links.wallNotes(openedIn.host) : [],
      asOfForm: asOfForm(
        `/shop/${view.storefront.slug}/checkout`,
        travel?.at ?? clock.now().toISOString(),
        req.query.asOf,
        visitOf(req).invalid,
      ),
      errors: view.errors ?? {},
      refusal: view.refusal,
    },
    status,
  );
}

const channelOr = (value: unknown, fallback: Channel): Channel => CONTEXT_CHANNELS.find((c) => c === value) ?? fallback;

/** The checkout comes back with its errors: a bad channel, date or host (GET), a wallet not chosen or refused (POST). */
function renderCheckoutAgain(req: Request, res: Response, failure: FormFailure): void {
  const sent = req.method === 'GET' ? req.query : failure.values;
  const chosen = typeof failure.values.wallet === 'string' ? failure.values.wallet : undefined;
  renderCheckout(
    req,
    res,
    {
      // A bad date or host is named beside a bad channel (the page's query is read once, by the visit).
      storefront: storefrontFrom(req),
      channel: channelOr(sent.channel, 'app'),
      chosen,
      errors: { ...errorsByField(visitOf(req).invalid), ...failure.errors },
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    },
    failure.status,
  );
}

const storefrontFrom = (req: Request) => storefrontOrNotFound(worldOf(req).repos, parseInput(StorefrontParams, req.params).slug);

export const checkoutPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/shop/:slug/checkout',
    params: ShopPageParams,
    query: CheckoutQuery,
    view: 'shop/checkout',
    rendersForm: renderCheckoutAgain,
    handler: ({ req, res, query }) => {
      if (sentToLowerCaseSlug(req, res)) return;
      refuseBadStanding(req);
      renderCheckout(req, res, { storefront: storefrontFrom(req), channel: query.channel });
    },
  }),
  page({
    method: 'post',
    path: '/shop/:slug/orders',
    params: StorefrontParams,
    body: PlaceOrderInput,
    view: 'shop/checkout',
    rendersForm: renderCheckoutAgain,
    handler: ({ req, res, world, body }) => {
      const storefront = storefrontFrom(req);
      const { travel, openedIn } = standingOf(req);
      const order = placeOrder(world.repos, world.clock, {
        storefrontSlug: storefront.slug,
        shopperId: shopperOf(req),
        channel: openedIn ? 'in_app_browser' : body.channel,
        walletSlug: body.wallet,
        asOf: travel?.at ?? null,
        host: openedIn?.host ?? null,
      });
      seeOther(req, res, `/orders/${order.id}/pay`);
    },
  }),
];
