import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { placeOrder } from '../actions/orders.ts';
import type { Storefront } from '../db/catalog.ts';
import { CHANNELS, CONTEXT_CHANNELS, type ContextChannel as Channel } from '../domain/model.ts';
import { rendersForm } from '../http/errors.ts';
import { channel, storefrontSlug, walletSlug } from '../http/inputs/common.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { parseInput } from '../http/validate.ts';
import { seeOther, seeOtherInFlow, standingOf, todayLink, visitOf, worldOf } from '../http/visit.ts';

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
  if (lines.length === 0 && status === 200) return seeOtherInFlow(req, res, `/shop/${view.storefront.slug}/cart`);
  const channel: Channel = openedIn ? 'in_app_browser' : view.channel;
  const { wallets } = decideForStorefront(repos, {
    storefrontSlug: view.storefront.slug, shopperId, channel, amountFen: totalFen, at: travel?.at ?? clock.now().toISOString(),
    host: openedIn?.host,
  });
  const shown = wallets.filter((w) => w.shown);
  renderPage(res, 'shop/checkout', {
    title: `Checkout — ${view.storefront.name}`, ...view, channel, lines, totalFen, channels: openedIn ? ['in_app_browser'] : CHANNELS,
    todayPath: todayLink(req, `/shop/${view.storefront.slug}/checkout?channel=${channel}`),
    shown, hidden: wallets.filter((w) => !w.shown), chosen: view.chosen ?? shown[0]?.wallet,
    hostWalls: openedIn ? repos.links.wallNotes(openedIn.host) : [],
    errors: view.errors ?? {}, refusal: view.refusal,
  }, status);
}

const channelOr = (value: unknown, fallback: Channel): Channel => CONTEXT_CHANNELS.find((c) => c === value) ?? fallback;

export function checkoutRoutes(): Router {
  const router = Router();
  const storefrontFrom = (req: Request) => storefrontOrNotFound(worldOf(req).repos, parseInput(StorefrontParams, req.params).slug);

  router.get('/shop/:slug/checkout', (req, res) => {
    const storefront = storefrontFrom(req);
    const query = CheckoutQuery.safeParse(req.query);
    const invalid = [...visitOf(req).invalid, ...(query.success ? [] : fieldErrors(query.error))];
    if (invalid.length > 0) {
      return renderCheckout(req, res, { storefront, channel: channelOr(req.query.channel, 'app'), errors: errorsByField(invalid) }, 400);
    }
    renderCheckout(req, res, { storefront, channel: query.data?.channel ?? 'app' });
  });

  const checkoutAgain = rendersForm((req, res, failure) => {
    const chosen = typeof failure.values.wallet === 'string' ? failure.values.wallet : undefined;
    renderCheckout(req, res, {
      storefront: storefrontFrom(req), channel: channelOr(failure.values.channel, 'app'), chosen, errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    }, failure.status);
  });

  router.post('/shop/:slug/orders', checkoutAgain, (req, res) => {
    const { repos, clock } = worldOf(req);
    const storefront = storefrontFrom(req);
    const input = parseInput(PlaceOrderInput, req.body);
    const { travel, openedIn } = standingOf(req);
    const order = placeOrder(repos, clock, {
      storefrontSlug: storefront.slug, shopperId: shopperOf(req), channel: openedIn ? 'in_app_browser' : input.channel, walletSlug: input.wallet,
      asOf: travel?.at ?? null, host: openedIn?.host ?? null,
    });
    seeOther(req, res, `/orders/${order.id}/pay`);
  });

  return router;
}
