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
import { ShopPageParams, sentToLowerCaseSlug } from '../http/lower-case-slug.ts';
import { page } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { shopperOf } from '../http/shopper.ts';
import { parseInput } from '../http/validate.ts';
import { refuseBadStanding, seeOtherInFlow, todayLink, visitOf, worldOf } from '../http/visit.ts';
import { asOfForm, standingStatus } from '../views-helpers/as-of-form.ts';

/** The date and host the shop stands at are the visit's (`?asOf=`, `?host=` on the page and on its forms' actions). */
const StorefrontParams = z.object({ slug: storefrontSlug });
// One sentence for every quantity the add form refuses, 0 included (0 removes a line in the cart, not here).
const ADD_RULE = 'a whole number from 1 to 99';
const AddToCartInput = z.object({
  productId,
  quantity: z
    .preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce.number({ message: ADD_RULE }).int(ADD_RULE).min(1, ADD_RULE).max(99, ADD_RULE),
    )
    .default(1),
});
const CartLineParams = z.object({ slug: storefrontSlug, productId });
const SetQuantityInput = z.object({ quantity });

function storefrontFrom(req: Request): Storefront {
  return storefrontOrNotFound(worldOf(req).repos, parseInput(StorefrontParams, req.params).slug);
}

/** A shop page's day: the visit's, or today when `?asOf=` was refused (then the page is a 400 with the Day form saying why). */
function shopDay(req: Request, action: string) {
  const visit = visitOf(req);
  const at = visit.travel?.at ?? visit.world.clock.now().toISOString();
  return { asOfForm: asOfForm(action, at, req.query.asOf, visit.invalid), status: standingStatus(visit.invalid) };
}

function renderStorefront(req: Request, res: Response, failure?: FormFailure): void {
  const { repos } = worldOf(req);
  const storefront = storefrontFrom(req);
  const day = shopDay(req, `/shop/${storefront.slug}`);
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
      asOfForm: day.asOfForm,
      todayPath: todayLink(req, `/shop/${storefront.slug}`),
    },
    failure?.status ?? day.status,
  );
}

function renderCart(req: Request, res: Response, failure?: FormFailure): void {
  const { repos } = worldOf(req);
  const storefront = storefrontFrom(req);
  const day = shopDay(req, `/shop/${storefront.slug}/cart`);
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
      asOfForm: day.asOfForm,
      todayPath: todayLink(req, `/shop/${storefront.slug}/cart`),
    },
    failure?.status ?? day.status,
  );
}

/** The storefront and the cart. Bad input goes back to the page it came from, with the message beside the quantity. */
export const cartPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/shop/:slug',
    params: ShopPageParams,
    view: 'shop/storefront',
    handler: ({ req, res }) => {
      if (!sentToLowerCaseSlug(req, res)) renderStorefront(req, res);
    },
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
    params: ShopPageParams,
    view: 'shop/cart',
    handler: ({ req, res }) => {
      if (!sentToLowerCaseSlug(req, res)) renderCart(req, res);
    },
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
