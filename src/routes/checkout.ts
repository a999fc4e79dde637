import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { placeOrder } from '../actions/orders.ts';
import type { Storefront } from '../db/catalog.ts';
import { CHANNELS, type Channel } from '../domain/model.ts';
import { rendersForm } from '../http/errors.ts';
import { channel, storefrontSlug, walletSlug } from '../http/inputs/common.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { parseInput } from '../http/validate.ts';

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

function renderCheckout(deps: RouteDeps, req: Request, res: Response, view: CheckoutView, status = 200): void {
  const shopperId = shopperOf(req);
  const { lines, totalFen } = cartOf(deps.repos, shopperId, view.storefront.slug);
  if (lines.length === 0 && status === 200) return res.redirect(303, `/shop/${view.storefront.slug}/cart`);
  const { wallets } = decideForStorefront(deps.repos, {
    storefrontSlug: view.storefront.slug, shopperId, channel: view.channel, amountFen: totalFen, at: deps.clock.now().toISOString(),
  });
  const shown = wallets.filter((w) => w.shown);
  renderPage(res, 'shop/checkout', {
    title: `Checkout — ${view.storefront.name}`, ...view, lines, totalFen, channels: CHANNELS,
    shown, hidden: wallets.filter((w) => !w.shown), chosen: view.chosen ?? shown[0]?.wallet,
    errors: view.errors ?? {}, refusal: view.refusal,
  }, status);
}

const channelOr = (value: unknown, fallback: Channel): Channel => CHANNELS.find((c) => c === value) ?? fallback;

export function checkoutRoutes(deps: RouteDeps): Router {
  const router = Router();
  const storefrontFrom = (params: unknown) => storefrontOrNotFound(deps.repos, parseInput(StorefrontParams, params).slug);

  router.get('/shop/:slug/checkout', (req, res) => {
    const storefront = storefrontFrom(req.params);
    const query = CheckoutQuery.safeParse(req.query);
    if (!query.success) {
      return renderCheckout(deps, req, res, { storefront, channel: 'app', errors: errorsByField(fieldErrors(query.error)) }, 400);
    }
    renderCheckout(deps, req, res, { storefront, channel: query.data.channel });
  });

  const checkoutAgain = rendersForm((req, res, failure) => {
    const storefront = storefrontFrom(req.params);
    const chosen = typeof failure.values.wallet === 'string' ? failure.values.wallet : undefined;
    renderCheckout(deps, req, res, {
      storefront, channel: channelOr(failure.values.channel, 'app'), chosen, errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    }, failure.status);
  });

  router.post('/shop/:slug/orders', checkoutAgain, (req, res) => {
    const storefront = storefrontFrom(req.params);
    const input = parseInput(PlaceOrderInput, req.body);
    const order = placeOrder(deps.repos, deps.clock, {
      storefrontSlug: storefront.slug, shopperId: shopperOf(req), channel: input.channel, walletSlug: input.wallet,
    });
    res.redirect(303, `/orders/${order.id}/pay`);
  });

  return router;
}
