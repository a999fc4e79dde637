import { Router, type Request } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { Refusal } from '../domain/errors.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { productId, quantity, storefrontSlug } from '../http/inputs/common.ts';

const StorefrontParams = z.object({ slug: storefrontSlug });
const AddToCartInput = z.object({ productId, quantity: quantity.refine((q) => q >= 1, 'at least 1').default(1) });
const CartLineParams = z.object({ slug: storefrontSlug, productId });
const SetQuantityInput = z.object({ quantity });

export function storefrontOr404(deps: RouteDeps, req: Request) {
  const { slug } = parseInput(StorefrontParams, req.params);
  const storefront = deps.repos.catalog.storefront(slug);
  if (!storefront) throw new Refusal('not_found', `There is no storefront "${slug}".`);
  return storefront;
}

export function cartRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { catalog, carts } = deps.repos;

  router.get('/shop/:slug', (req, res) => {
    const storefront = storefrontOr404(deps, req);
    const lines = carts.lines(req.shopperId, storefront.slug);
    const added = catalog.products(storefront.slug).find((p) => String(p.id) === req.query.added);
    renderPage(res, 'shop/storefront', {
      title: storefront.name, storefront, products: catalog.products(storefront.slug), added,
      cartItems: lines.reduce((n, l) => n + l.quantity, 0),
    });
  });

  router.post('/shop/:slug/cart', (req, res) => {
    const storefront = storefrontOr404(deps, req);
    const input = parseInput(AddToCartInput, req.body);
    const product = catalog.product(storefront.slug, input.productId);
    if (!product) throw new Refusal('not_found', `${storefront.name} has no product ${input.productId}.`);
    carts.add(req.shopperId, storefront.slug, product.id, input.quantity, deps.clock.now().toISOString());
    res.redirect(303, `/shop/${storefront.slug}?added=${product.id}`);
  });

  router.get('/shop/:slug/cart', (req, res) => {
    const storefront = storefrontOr404(deps, req);
    const lines = carts.lines(req.shopperId, storefront.slug);
    renderPage(res, 'shop/cart', {
      title: `Cart — ${storefront.name}`, storefront, lines, totalFen: lines.reduce((sum, l) => sum + l.lineTotalFen, 0),
    });
  });

  router.post('/shop/:slug/cart/:productId', (req, res) => {
    const storefront = storefrontOr404(deps, req);
    const params = parseInput(CartLineParams, req.params);
    const input = parseInput(SetQuantityInput, req.body);
    if (!carts.setQuantity(req.shopperId, storefront.slug, params.productId, input.quantity)) {
      throw new Refusal('not_found', 'That item is not in your cart.');
    }
    res.redirect(303, `/shop/${storefront.slug}/cart`);
  });

  return router;
}
