import { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { Refusal } from '../domain/errors.ts';
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

export function cartRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { catalog, carts } = deps.repos;
  const storefrontFrom = (params: unknown) => storefrontOrNotFound(deps.repos, parseInput(StorefrontParams, params).slug);

  router.get('/shop/:slug', (req, res) => {
    const storefront = storefrontFrom(req.params);
    const travel = timeTravelTo(parseInput(ShopQuery, req.query).asOf);
    const products = catalog.products(storefront.slug);
    const added = products.find((p) => String(p.id) === req.query.added);
    renderPage(res, 'shop/storefront', {
      title: storefront.name, storefront, products, added, cartItems: cartOf(deps.repos, shopperOf(req), storefront.slug).items,
      ...timeTravelLocals(travel, `/shop/${storefront.slug}`),
    });
  });

  router.post('/shop/:slug/cart', (req, res) => {
    const storefront = storefrontFrom(req.params);
    const input = parseInput(AddToCartInput, req.body);
    const product = catalog.product(storefront.slug, input.productId);
    if (!product) throw new Refusal('not_found', `${storefront.name} has no product ${input.productId}.`);
    carts.add(shopperOf(req), storefront.slug, product.id, input.quantity, deps.clock.now().toISOString());
    res.redirect(303, carryAsOf(`/shop/${storefront.slug}?added=${product.id}`, timeTravelTo(input.asOf)));
  });

  router.get('/shop/:slug/cart', (req, res) => {
    const storefront = storefrontFrom(req.params);
    const travel = timeTravelTo(parseInput(ShopQuery, req.query).asOf);
    const { lines, totalFen } = cartOf(deps.repos, shopperOf(req), storefront.slug);
    renderPage(res, 'shop/cart', {
      title: `Cart — ${storefront.name}`, storefront, lines, totalFen, ...timeTravelLocals(travel, `/shop/${storefront.slug}/cart`),
    });
  });

  router.post('/shop/:slug/cart/:productId', (req, res) => {
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
