import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { decideForStorefront } from '../actions/decide.ts';
import { placeOrder } from '../actions/orders.ts';
import type { Storefront } from '../db/catalog.ts';
import { Refusal } from '../domain/errors.ts';
import { CHANNELS, type Channel } from '../domain/model.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { channel, walletSlug } from '../http/inputs/common.ts';
import { storefrontOr404 } from './cart.ts';

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
  const lines = deps.repos.carts.lines(req.shopperId, view.storefront.slug);
  if (lines.length === 0 && status === 200) return res.redirect(303, `/shop/${view.storefront.slug}/cart`);
  const totalFen = lines.reduce((sum, l) => sum + l.lineTotalFen, 0);
  const { wallets } = decideForStorefront(deps.repos, {
    storefrontSlug: view.storefront.slug, shopperId: req.shopperId, channel: view.channel, amountFen: totalFen,
    at: deps.clock.now().toISOString(),
  });
  const shown = wallets.filter((w) => w.shown);
  renderPage(res, 'shop/checkout', {
    title: `Checkout — ${view.storefront.name}`, ...view, lines, totalFen, channels: CHANNELS,
    shown, hidden: wallets.filter((w) => !w.shown), chosen: view.chosen ?? shown[0]?.wallet,
    errors: view.errors ?? {}, refusal: view.refusal,
  }, status);
}

export function checkoutRoutes(deps: RouteDeps): Router {
  const router = Router();

  router.get('/shop/:slug/checkout', (req, res) => {
    const storefront = storefrontOr404(deps, req);
    const query = CheckoutQuery.safeParse(req.query);
    if (!query.success) {
      return renderCheckout(deps, req, res, { storefront, channel: 'app', errors: errorsByField(fieldErrors(query.error)) }, 400);
    }
    renderCheckout(deps, req, res, { storefront, channel: query.data.channel });
  });

  router.post('/shop/:slug/orders', (req, res) => {
    const storefront = storefrontOr404(deps, req);
    const input = PlaceOrderInput.safeParse(req.body);
    if (!input.success) {
      const ch = CHANNELS.includes(req.body?.channel) ? (req.body.channel as Channel) : 'app';
      return renderCheckout(deps, req, res, { storefront, channel: ch, errors: errorsByField(fieldErrors(input.error)) }, 400);
    }
    try {
      const order = placeOrder(deps.repos, deps.clock, {
        storefrontSlug: storefront.slug, shopperId: req.shopperId, channel: input.data.channel, walletSlug: input.data.wallet,
      });
      res.redirect(303, `/orders/${order.id}/pay`);
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind === 'not_found') throw error;
      renderCheckout(deps, req, res, { storefront, channel: input.data.channel, refusal: error.message }, error.kind === 'conflict' ? 409 : 422);
    }
  });

  return router;
}
