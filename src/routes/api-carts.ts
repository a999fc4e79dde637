import { addToCart, cartById, openCart, setCartLine } from '../actions/cart.ts';
import { placeOrder } from '../actions/orders.ts';
import {
  AddLineBody,
  CartLineParams,
  CartOrderBody,
  CartParams,
  CartShopperQuery,
  NewCartBody,
  SetLineBody,
} from '../http/inputs/carts.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import { linkTo } from '../http/visit.ts';
import { orderJson } from '../presenters/api-json.ts';
import { CartJson, CartOrderJson, cartJson } from '../presenters/cart-json.ts';

const tags = ['carts'];
const examples = { id: 1, product: 1 };
const cart = { 200: { description: 'the cart after the change', schema: CartJson } };
const onlyTheShopper = 'A cart is seen and changed only with the shopper it was opened for (anyone else: 404, as for no cart).';

/**
 * The shopper's cart through the API: the pages' cart (one per shopper and storefront), with the
 * pages' rules and refusals, and the pages' checkout to turn it into an order.
 */
export const cartRoutes = [
  apiRoute({
    method: 'post',
    path: '/carts',
    idempotent: true,
    operationId: 'openCart',
    tags,
    summary: 'Open a shopper’s cart at a storefront (theirs already, if they have one there)',
    description: `Without shopper a new shopper is made, named in the cart. ${onlyTheShopper}`,
    body: NewCartBody,
    responses: {
      201: {
        description: 'the cart',
        schema: CartJson,
        headers: { Location: { description: '/api/carts/{id}', schema: { type: 'string' } } },
      },
    },
    problems: ['not_found'],
    handler: ({ req, world, body }) => {
      const opened = openCart(world.repos, {
        shopperId: body.shopper,
        storefrontSlug: body.storefront,
        now: world.clock.now().toISOString(),
      });
      return reply(201, cartJson(opened), { Location: linkTo(req, `/api/carts/${opened.id}`) });
    },
  }),
  apiRoute({
    method: 'get',
    path: '/carts/:id',
    operationId: 'getCart',
    tags,
    examples,
    summary: 'A cart with its lines and total',
    description: onlyTheShopper,
    params: CartParams,
    query: CartShopperQuery,
    responses: { 200: { description: 'the cart', schema: CartJson } },
    problems: ['not_found'],
    handler: ({ world, params, query }) => cartJson(cartById(world.repos, params.id, query.shopper)),
  }),
  apiRoute({
    method: 'post',
    path: '/carts/:id/lines',
    idempotent: true,
    operationId: 'addCartLine',
    tags,
    examples,
    summary: 'Add a quantity of a product (added to its line if it is there)',
    description: `A product the storefront does not sell is 422 unprocessable naming product; a line past 99 is 422 naming quantity. ${onlyTheShopper}`,
    params: CartParams,
    body: AddLineBody,
    responses: cart,
    problems: ['not_found', 'unprocessable'],
    handler: ({ world, params, body }) => {
      const { storefront } = cartById(world.repos, params.id, body.shopper);
      addToCart(
        world.repos,
        { shopperId: body.shopper, storefront, productId: body.product, quantity: body.quantity, now: world.clock.now().toISOString() },
        { kind: 'unprocessable', path: 'product' },
      );
      return cartJson(cartById(world.repos, params.id, body.shopper));
    },
  }),
  apiRoute({
    method: 'patch',
    path: '/carts/:id/lines/:product',
    operationId: 'setCartLine',
    tags,
    examples,
    summary: 'Set a line’s quantity (0 removes it)',
    description: `A product not in the cart is 404. ${onlyTheShopper}`,
    params: CartLineParams,
    body: SetLineBody,
    responses: cart,
    problems: ['not_found'],
    handler: ({ world, params, body }) => {
      setCartLine(world.repos, cartById(world.repos, params.id, body.shopper), params.product, body.quantity);
      return cartJson(cartById(world.repos, params.id, body.shopper));
    },
  }),
  apiRoute({
    method: 'delete',
    path: '/carts/:id/lines/:product',
    operationId: 'removeCartLine',
    tags,
    examples,
    summary: 'Remove a line',
    description: `A product not in the cart is 404. ${onlyTheShopper}`,
    params: CartLineParams,
    query: CartShopperQuery,
    responses: cart,
    problems: ['not_found'],
    handler: ({ world, params, query }) => {
      setCartLine(world.repos, cartById(world.repos, params.id, query.shopper), params.product, 0);
      return cartJson(cartById(world.repos, params.id, query.shopper));
    },
  }),
  apiRoute({
    method: 'post',
    path: '/carts/:id/order',
    idempotent: true,
    operationId: 'orderCart',
    tags,
    examples,
    summary: 'Turn the cart into an order to be paid with a wallet the checkout shows (the cart is then empty)',
    description: `The pages' checkout: an empty cart is 409 conflict; a wallet the decision does not show is 409 wallet_not_shown with its reason; an asOf later than the clock is 409 future_not_reached. Pay it with POST /api/orders/{id}/payments. ${onlyTheShopper}`,
    params: CartParams,
    body: CartOrderBody,
    responses: {
      201: {
        description: 'the order, awaiting payment',
        schema: CartOrderJson,
        headers: { Location: { description: '/api/orders/{id}', schema: { type: 'string' } } },
      },
    },
    problems: ['not_found', 'conflict', 'wallet_not_shown', 'unprocessable', 'future_not_reached'],
    handler: ({ req, world, params, body }) => {
      const { storefront } = cartById(world.repos, params.id, body.shopper);
      const order = placeOrder(world.repos, world.clock, {
        storefrontSlug: storefront.slug,
        shopperId: body.shopper,
        channel: body.channel,
        walletSlug: body.wallet,
        asOf: body.asOf ?? null,
        host: body.host ?? null,
      });
      return reply(
        201,
        { ...orderJson(order, world.repos.orders.items(order.id)), host: order.host },
        { Location: linkTo(req, `/api/orders/${order.id}`) },
      );
    },
  }),
];
