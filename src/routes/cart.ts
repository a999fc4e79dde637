import type { Request, Response } from 'express';
import { z } from 'zod';
import { addToCart, cartOf, storefrontOrNotFound } from '../actions/cart.ts';
import { platformOfStorefront } from '../actions/host-journey.ts';
import { openedInHost } from '../actions/links.ts';
import { ArrivalQuery } from '../http/inputs/hosts.ts';
import type { Storefront } from '../db/catalog.ts';
import { Refusal } from '../domain/errors.ts';
import type { FormFailure } from '../http/errors.ts';
import { productId, quantity, storefrontSlug } from '../http/inputs/common.ts';
import { page } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { shopperOf } from '../http/shopper.ts';
import { parseInput } from '../http/validate.ts';
import { refuseBadStanding, seeOtherInFlow, todayLink, worldOf } from '../http/visit.ts';

/** The date and host the shop stands at are the visit's (`?asOf=`, `?host=` on the page and on its forms' actions). */
const StorefrontParams = z.object({ slug: storefrontSlug });
const AddToCartInput = z.object({ productId, quantity: quantity.refine((q) => q >= 1, 'at least 1').default(1) });
const CartLineParams = z.object({ slug: storefrontSlug, productId });
const SetQuantityInput = z.object({ quantity });

function storefrontFrom(req: Request): Storefront {
  return storefrontOrNotFound(worldOf(req).repos, parseInput(StorefrontParams, req.params).slug);
}

function renderStorefront(req: Request, res: Response, failure?: FormFailure): void {
  const { repos } = worldOf(req);
  refuseBadStanding(req);
  const storefront = storefrontFrom(req);
  const products = repos.catalog.products(storefront.slug);
  const added = failure ? undefined : products.find((p) => String(p.id) === req.query.added);
  const arrival = failure ? {} : ArrivalQuery.parse(req.query);
  renderPage(
    res,
    'shop/storefront',
    {
      title: storefront.name,
      storefront,
      products,
      added,
      cartItems: cartOf(repos, shopperOf(req), storefront.slug).items,
      arrival: { taps: arrival.arrived, left: openedInHost(repos, arrival.left), via: arrival.via },
      shareable: platformOfStorefront(repos, storefront.slug) !== null,
      errors: failure?.errors ?? {},
      values: failure?.values ?? {},
      failedProduct: failure?.values.productId,
      refusal: failure?.message,
      todayPath: todayLink(req, `/shop/${storefront.slug}`),
    },
    failure?.status ?? 200,
  );
}

function renderCart(req: Request, res: Response, failure?: FormFailure): void {
  const { repos } = worldOf(req);
  refuseBadStanding(req);
  const storefront = storefrontFrom(req);
  const { lines, totalFen } = cartOf(repos, shopperOf(req), storefront.slug);
  const restored = typeof req.query.restored === 'string' && /^ord_[\w-]{6,32}$/.test(req.query.restored) ? req.query.restored : undefined;
  renderPage(
    res,
    'shop/cart',
    {
      title: `Cart — ${storefront.name}`,
      storefront,
      lines,
      totalFen,
      restored,
      errors: failure?.errors ?? {},
      values: failure?.values ?? {},
      failedLine: typeof req.params.productId === 'string' ? req.params.productId : undefined,
      refusal: failure?.message,
      todayPath: todayLink(req, `/shop/${storefront.slug}/cart`),
    },
    failure?.status ?? 200,
  );
}

/** The storefront and the cart. Bad input goes back to the page it came from, with the message beside the quantity. */
export const cartPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/shop/:slug',
    params: StorefrontParams,
    view: 'shop/storefront',
    handler: ({ req, res }) => renderStorefront(req, res),
  }),
  page({
    method: 'post',
    path: '/shop/:slug/cart',
    params: StorefrontParams,
    body: AddToCartInput,
    view: 'shop/storefront',
    rendersForm: renderStorefront,
    handler: ({ req, res, world, body }) => {
      const storefront = storefrontFrom(req);
      refuseBadStanding(req);
      addToCart(world.repos, {
        shopperId: shopperOf(req),
        storefront,
        productId: body.productId,
        quantity: body.quantity,
        now: world.clock.now().toISOString(),
      });
      seeOtherInFlow(req, res, `/shop/${storefront.slug}?added=${body.productId}`);
    },
  }),
  page({
    method: 'get',
    path: '/shop/:slug/cart',
    params: StorefrontParams,
    view: 'shop/cart',
    handler: ({ req, res }) => renderCart(req, res),
  }),
  page({
    method: 'post',
    path: '/shop/:slug/cart/:productId',
    params: CartLineParams,
    body: SetQuantityInput,
    view: 'shop/cart',
    rendersForm: renderCart,
    handler: ({ req, res, world, params, body }) => {
      refuseBadStanding(req);
      if (!world.repos.carts.setQuantity(shopperOf(req), params.slug, params.productId, body.quantity)) {
        throw new Refusal('not_found', 'That item is not in your cart.');
      }
      seeOtherInFlow(req, res, `/shop/${params.slug}/cart`);
    },
  }),
];
