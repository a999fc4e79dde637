import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { addToCart, cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import type { Storefront } from '../db/catalog.ts';
import { Refusal } from '../domain/errors.ts';
import { rendersForm, type FormFailure } from '../http/errors.ts';
import { asOf, productId, quantity, storefrontSlug } from '../http/inputs/common.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { carryAsOf, timeTravelLocals, timeTravelTo } from '../http/time-travel.ts';
import { parseInput } from '../http/validate.ts';

const StorefrontParams = z.object({ slug: storefrontSlug });
/** `?asOf=` on a shop page, or the hidden `asOf` field of its forms: the time the flow stands at. */
const ShopQuery = z.object({ asOf: asOf.optional() });
const AddToCartInput = z.object({ productId, quantity: quantity.refine((q) => q >= 1, 'at least 1').default(1), asOf: asOf.optional() });
const CartLineParams = z.object({ slug: storefrontSlug, productId });
const SetQuantityInput = z.object({ quantity, asOf: asOf.optional() });

/** The date a refused form was sent with, if it was a valid one (else today). */
const asOfSent = (values: Record<string, unknown>) => ShopQuery.safeParse({ asOf: values.asOf }).data?.asOf;

export function cartRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { catalog, carts } = deps.repos;
  const storefrontFrom = (params: unknown) => storefrontOrNotFound(deps.repos, parseInput(StorefrontParams, params).slug);

  function renderStorefront(req: Request, res: Response, storefront: Storefront, at: string | undefined, failure?: FormFailure): void {
    const products = catalog.products(storefront.slug);
    const added = failure ? undefined : products.find((p) => String(p.id) === req.query.added);
    renderPage(res, 'shop/storefront', {
      title: storefront.name, storefront, products, added, cartItems: cartOf(deps.repos, shopperOf(req), storefront.slug).items,
      errors: failure?.errors ?? {}, values: failure?.values ?? {}, failedProduct: failure?.values.productId, refusal: failure?.message,
      ...timeTravelLocals(timeTravelTo(at), `/shop/${storefront.slug}`),
    }, failure?.status ?? 200);
  }

  function renderCart(req: Request, res: Response, storefront: Storefront, at: string | undefined, failure?: FormFailure): void {
    const { lines, totalFen } = cartOf(deps.repos, shopperOf(req), storefront.slug);
    const restored = typeof req.query.restored === 'string' && /^ord_[\w-]{6,32}$/.test(req.query.restored) ? req.query.restored : undefined;
    renderPage(res, 'shop/cart', {
      title: `Cart — ${storefront.name}`, storefront, lines, totalFen, restored,
      errors: failure?.errors ?? {}, values: failure?.values ?? {}, failedLine: req.params.productId, refusal: failure?.message,
      ...timeTravelLocals(timeTravelTo(at), `/shop/${storefront.slug}/cart`),
    }, failure?.status ?? 200);
  }

  router.get('/shop/:slug', (req, res) => {
    renderStorefront(req, res, storefrontFrom(req.params), parseInput(ShopQuery, req.query).asOf);
  });

  // Bad input goes back to the page it came from, with the message beside the quantity.
  const storefrontAgain = rendersForm((req, res, failure) =>
    renderStorefront(req, res, storefrontFrom(req.params), asOfSent(failure.values), failure));
  const cartAgain = rendersForm((req, res, failure) => renderCart(req, res, storefrontFrom(req.params), asOfSent(failure.values), failure));

  router.post('/shop/:slug/cart', storefrontAgain, (req, res) => {
    const storefront = storefrontFrom(req.params);
    const input = parseInput(AddToCartInput, req.body);
    addToCart(deps.repos, { shopperId: shopperOf(req), storefront, productId: input.productId, quantity: input.quantity, now: deps.clock.now().toISOString() });
    res.redirect(303, carryAsOf(`/shop/${storefront.slug}?added=${input.productId}`, timeTravelTo(input.asOf)));
  });

  router.get('/shop/:slug/cart', (req, res) => {
    renderCart(req, res, storefrontFrom(req.params), parseInput(ShopQuery, req.query).asOf);
  });

  router.post('/shop/:slug/cart/:productId', cartAgain, (req, res) => {
    const storefront = storefrontFrom(req.params);
    const params = parseInput(CartLineParams, req.params);
    const input = parseInput(SetQuantityInput, req.body);
    if (!carts.setQuantity(shopperOf(req), storefront.slug, params.productId, input.quantity)) {
      throw new Refusal('not_found', 'That item is not in your cart.');
    }
    res.redirect(303, carryAsOf(`/shop/${storefront.slug}/cart`, timeTravelTo(input.asOf)));
  });

  return router;
}
