import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../http/route-deps.ts';
import { addToCart, cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { platformOfStorefront } from '../actions/host-journey.ts';
import { openedInHost } from '../actions/links.ts';
import { ArrivalQuery } from '../http/inputs/hosts.ts';
import type { Storefront } from '../db/catalog.ts';
import { Refusal } from '../domain/errors.ts';
import { rendersForm, type FormFailure } from '../http/errors.ts';
import { asOf, productId, quantity, storefrontSlug } from '../http/inputs/common.ts';
import { host } from '../http/inputs/links.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { carryAsOf, timeTravelLocals, timeTravelTo } from '../http/time-travel.ts';
import { parseInput } from '../http/validate.ts';

const StorefrontParams = z.object({ slug: storefrontSlug });
/** `?asOf=` on a shop page, or the hidden `asOf` field of its forms: the time the flow stands at. */
const ShopQuery = z.object({ asOf: asOf.optional(), host: host.optional() });
const AddToCartInput = z.object({ productId, quantity: quantity.refine((q) => q >= 1, 'at least 1').default(1), asOf: asOf.optional(), host: host.optional() });
const CartLineParams = z.object({ slug: storefrontSlug, productId });
const SetQuantityInput = z.object({ quantity, asOf: asOf.optional(), host: host.optional() });

/** When and where the shopper is: a time travelled to, and the host app the shop was opened in. */
type Visit = z.infer<typeof ShopQuery>;

/** The date and host a refused form was sent with, where valid (else today, outside any host). */
const visitSent = (values: Record<string, unknown>): Visit => ({
  asOf: ShopQuery.shape.asOf.safeParse(values.asOf).data, host: ShopQuery.shape.host.safeParse(values.host).data,
});

export function cartRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { catalog, carts } = deps.repos;
  const storefrontFrom = (params: unknown) => storefrontOrNotFound(deps.repos, parseInput(StorefrontParams, params).slug);

  const openedIn = (visit: Visit) => openedInHost(deps.repos, visit.host);
  const carry = (path: string, visit: Visit) => carryAsOf(path, timeTravelTo(visit.asOf), openedIn(visit));

  function renderStorefront(req: Request, res: Response, storefront: Storefront, visit: Visit, failure?: FormFailure): void {
    const products = catalog.products(storefront.slug);
    const added = failure ? undefined : products.find((p) => String(p.id) === req.query.added);
    const arrival = failure ? {} : ArrivalQuery.parse(req.query);
    renderPage(res, 'shop/storefront', {
      title: storefront.name, storefront, products, added, cartItems: cartOf(deps.repos, shopperOf(req), storefront.slug).items,
      arrival: { taps: arrival.arrived, left: openedInHost(deps.repos, arrival.left), via: arrival.via }, shareable: platformOfStorefront(deps.repos, storefront.slug) !== null,
      errors: failure?.errors ?? {}, values: failure?.values ?? {}, failedProduct: failure?.values.productId, refusal: failure?.message,
      ...timeTravelLocals(timeTravelTo(visit.asOf), carry(`/shop/${storefront.slug}`, { host: visit.host }), openedIn(visit)),
    }, failure?.status ?? 200);
  }

  function renderCart(req: Request, res: Response, storefront: Storefront, visit: Visit, failure?: FormFailure): void {
    const { lines, totalFen } = cartOf(deps.repos, shopperOf(req), storefront.slug);
    const restored = typeof req.query.restored === 'string' && /^ord_[\w-]{6,32}$/.test(req.query.restored) ? req.query.restored : undefined;
    renderPage(res, 'shop/cart', {
      title: `Cart — ${storefront.name}`, storefront, lines, totalFen, restored,
      errors: failure?.errors ?? {}, values: failure?.values ?? {}, failedLine: req.params.productId, refusal: failure?.message,
      ...timeTravelLocals(timeTravelTo(visit.asOf), carry(`/shop/${storefront.slug}/cart`, { host: visit.host }), openedIn(visit)),
    }, failure?.status ?? 200);
  }

  router.get('/shop/:slug', (req, res) => {
    renderStorefront(req, res, storefrontFrom(req.params), parseInput(ShopQuery, req.query));
  });

  // Bad input goes back to the page it came from, with the message beside the quantity.
  const storefrontAgain = rendersForm((req, res, failure) =>
    renderStorefront(req, res, storefrontFrom(req.params), visitSent(failure.values), failure));
  const cartAgain = rendersForm((req, res, failure) => renderCart(req, res, storefrontFrom(req.params), visitSent(failure.values), failure));

  router.post('/shop/:slug/cart', storefrontAgain, (req, res) => {
    const storefront = storefrontFrom(req.params);
    const input = parseInput(AddToCartInput, req.body);
    addToCart(deps.repos, { shopperId: shopperOf(req), storefront, productId: input.productId, quantity: input.quantity, now: deps.clock.now().toISOString() });
    res.redirect(303, carry(`/shop/${storefront.slug}?added=${input.productId}`, input));
  });

  router.get('/shop/:slug/cart', (req, res) => {
    renderCart(req, res, storefrontFrom(req.params), parseInput(ShopQuery, req.query));
  });

  router.post('/shop/:slug/cart/:productId', cartAgain, (req, res) => {
    const storefront = storefrontFrom(req.params);
    const params = parseInput(CartLineParams, req.params);
    const input = parseInput(SetQuantityInput, req.body);
    if (!carts.setQuantity(shopperOf(req), storefront.slug, params.productId, input.quantity)) {
      throw new Refusal('not_found', 'That item is not in your cart.');
    }
    res.redirect(303, carry(`/shop/${storefront.slug}/cart`, input));
  });

  return router;
}
