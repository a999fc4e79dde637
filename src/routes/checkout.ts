import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { placeOrder } from '../actions/orders.ts';
import type { Storefront } from '../db/catalog.ts';
import { CHANNELS, CONTEXT_CHANNELS, type ContextChannel as Channel } from '../domain/model.ts';
import { rendersForm } from '../http/errors.ts';
import { asOf, channel, storefrontSlug, walletSlug } from '../http/inputs/common.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { carryAsOf, timeTravelLocals, timeTravelTo, type TimeTravel } from '../http/time-travel.ts';
import { parseInput } from '../http/validate.ts';

const StorefrontParams = z.object({ slug: storefrontSlug });
const CheckoutQuery = z.object({ channel: channel.default('app'), asOf: asOf.optional() });
const PlaceOrderInput = z.object({
  channel,
  wallet: z.string({ message: 'choose a wallet to pay with' }).pipe(walletSlug),
  asOf: asOf.optional(),
});

interface CheckoutView {
  storefront: Storefront;
  channel: Channel;
  /** Time travel: decide as it stood then (null: now). */
  travel: TimeTravel | null;
  chosen?: string | undefined;
  errors?: Record<string, string>;
  refusal?: string;
}

function renderCheckout(deps: RouteDeps, req: Request, res: Response, view: CheckoutView, status = 200): void {
  const shopperId = shopperOf(req);
  const { lines, totalFen } = cartOf(deps.repos, shopperId, view.storefront.slug);
  if (lines.length === 0 && status === 200) return res.redirect(303, carryAsOf(`/shop/${view.storefront.slug}/cart`, view.travel));
  const { wallets } = decideForStorefront(deps.repos, {
    storefrontSlug: view.storefront.slug, shopperId, channel: view.channel, amountFen: totalFen, at: view.travel?.at ?? deps.clock.now().toISOString(),
  });
  const shown = wallets.filter((w) => w.shown);
  renderPage(res, 'shop/checkout', {
    title: `Checkout — ${view.storefront.name}`, ...view, lines, totalFen, channels: CHANNELS,
    ...timeTravelLocals(view.travel, `/shop/${view.storefront.slug}/checkout?channel=${view.channel}`),
    shown, hidden: wallets.filter((w) => !w.shown), chosen: view.chosen ?? shown[0]?.wallet,
    errors: view.errors ?? {}, refusal: view.refusal,
  }, status);
}

const channelOr = (value: unknown, fallback: Channel): Channel => CONTEXT_CHANNELS.find((c) => c === value) ?? fallback;
/** The time a refused form was sent for, if it named a real one. */
const travelOr = (value: unknown): TimeTravel | null => timeTravelTo(asOf.optional().safeParse(value).data);

export function checkoutRoutes(deps: RouteDeps): Router {
  const router = Router();
  const storefrontFrom = (params: unknown) => storefrontOrNotFound(deps.repos, parseInput(StorefrontParams, params).slug);

  router.get('/shop/:slug/checkout', (req, res) => {
    const storefront = storefrontFrom(req.params);
    const query = CheckoutQuery.safeParse(req.query);
    if (!query.success) {
      const errors = errorsByField(fieldErrors(query.error));
      return renderCheckout(deps, req, res, { storefront, channel: channelOr(req.query.channel, 'app'), travel: null, errors }, 400);
    }
    renderCheckout(deps, req, res, { storefront, channel: query.data.channel, travel: timeTravelTo(query.data.asOf) });
  });

  const checkoutAgain = rendersForm((req, res, failure) => {
    const storefront = storefrontFrom(req.params);
    const chosen = typeof failure.values.wallet === 'string' ? failure.values.wallet : undefined;
    renderCheckout(deps, req, res, {
      storefront, channel: channelOr(failure.values.channel, 'app'), travel: travelOr(failure.values.asOf), chosen, errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    }, failure.status);
  });

  router.post('/shop/:slug/orders', checkoutAgain, (req, res) => {
    const storefront = storefrontFrom(req.params);
    const input = parseInput(PlaceOrderInput, req.body);
    const order = placeOrder(deps.repos, deps.clock, {
      storefrontSlug: storefront.slug, shopperId: shopperOf(req), channel: input.channel, walletSlug: input.wallet, asOf: input.asOf ?? null,
    });
    res.redirect(303, `/orders/${order.id}/pay`);
  });

  return router;
}
