import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../http/route-deps.ts';
import { cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { openedInHost, type OpenedIn } from '../actions/links.ts';
import { placeOrder } from '../actions/orders.ts';
import type { Host } from '../domain/links/model.ts';
import { host } from '../http/inputs/links.ts';
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
const CheckoutQuery = z.object({ channel: channel.default('app'), asOf: asOf.optional(), host: host.optional() });
const PlaceOrderInput = z.object({
  channel,
  wallet: z.string({ message: 'choose a wallet to pay with' }).pipe(walletSlug),
  asOf: asOf.optional(),
  host: host.optional(),
});

interface CheckoutView {
  storefront: Storefront;
  channel: Channel;
  /** Time travel: decide as it stood then (null: now). */
  travel: TimeTravel | null;
  /** Opened inside a host app: its in-app browser is the channel, and its walls apply. */
  openedIn: OpenedIn | null;
  chosen?: string | undefined;
  errors?: Record<string, string>;
  refusal?: string;
}

function renderCheckout(deps: RouteDeps, req: Request, res: Response, view: CheckoutView, status = 200): void {
  const shopperId = shopperOf(req);
  const { lines, totalFen } = cartOf(deps.repos, shopperId, view.storefront.slug);
  if (lines.length === 0 && status === 200) return res.redirect(303, carryAsOf(`/shop/${view.storefront.slug}/cart`, view.travel, view.openedIn));
  const channel: Channel = view.openedIn ? 'in_app_browser' : view.channel;
  const { wallets } = decideForStorefront(deps.repos, {
    storefrontSlug: view.storefront.slug, shopperId, channel, amountFen: totalFen, at: view.travel?.at ?? deps.clock.now().toISOString(),
    host: view.openedIn?.host,
  });
  const shown = wallets.filter((w) => w.shown);
  renderPage(res, 'shop/checkout', {
    title: `Checkout — ${view.storefront.name}`, ...view, channel, lines, totalFen, channels: view.openedIn ? ['in_app_browser'] : CHANNELS,
    ...timeTravelLocals(view.travel, carryAsOf(`/shop/${view.storefront.slug}/checkout?channel=${channel}`, null, view.openedIn), view.openedIn),
    shown, hidden: wallets.filter((w) => !w.shown), chosen: view.chosen ?? shown[0]?.wallet,
    hostWalls: view.openedIn ? deps.repos.links.wallNotes(view.openedIn.host) : [],
    errors: view.errors ?? {}, refusal: view.refusal,
  }, status);
}

const channelOr = (value: unknown, fallback: Channel): Channel => CONTEXT_CHANNELS.find((c) => c === value) ?? fallback;
/** The time a refused form was sent for, if it named a real one. */
const travelOr = (value: unknown): TimeTravel | null => timeTravelTo(asOf.optional().safeParse(value).data);
/** The host a refused form was sent from, if it named a real one. */
const hostOr = (value: unknown): Host | undefined => host.optional().safeParse(value).data;

export function checkoutRoutes(deps: RouteDeps): Router {
  const router = Router();
  const storefrontFrom = (params: unknown) => storefrontOrNotFound(deps.repos, parseInput(StorefrontParams, params).slug);

  router.get('/shop/:slug/checkout', (req, res) => {
    const storefront = storefrontFrom(req.params);
    const query = CheckoutQuery.safeParse(req.query);
    if (!query.success) {
      const errors = errorsByField(fieldErrors(query.error));
      return renderCheckout(deps, req, res, { storefront, channel: channelOr(req.query.channel, 'app'), travel: null, openedIn: openedInHost(deps.repos, hostOr(req.query.host)), errors }, 400);
    }
    renderCheckout(deps, req, res, { storefront, channel: query.data.channel, travel: timeTravelTo(query.data.asOf), openedIn: openedInHost(deps.repos, query.data.host) });
  });

  const checkoutAgain = rendersForm((req, res, failure) => {
    const storefront = storefrontFrom(req.params);
    const chosen = typeof failure.values.wallet === 'string' ? failure.values.wallet : undefined;
    renderCheckout(deps, req, res, {
      storefront, channel: channelOr(failure.values.channel, 'app'), travel: travelOr(failure.values.asOf),
      openedIn: openedInHost(deps.repos, hostOr(failure.values.host)), chosen, errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    }, failure.status);
  });

  router.post('/shop/:slug/orders', checkoutAgain, (req, res) => {
    const storefront = storefrontFrom(req.params);
    const input = parseInput(PlaceOrderInput, req.body);
    const order = placeOrder(deps.repos, deps.clock, {
      storefrontSlug: storefront.slug, shopperId: shopperOf(req), channel: input.host ? 'in_app_browser' : input.channel, walletSlug: input.wallet,
      asOf: input.asOf ?? null, host: input.host ?? null,
    });
    res.redirect(303, `/orders/${order.id}/pay`);
  });

  return router;
}
