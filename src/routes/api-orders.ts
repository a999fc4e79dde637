import { orderOfShopper, payOrderAsShopper, placeOrderForItems } from '../actions/orders.ts';
import { IdempotencyKeyHeader, OrderBody, OrderParams, PaymentBody, ShopperQuery } from '../http/inputs/orders.ts';
import { linkTo } from '../http/visit.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import {
  OrderListJson,
  OrderWithPaymentsJson,
  orderJson,
  orderSummaryJson,
  PaymentResultJson,
  paymentJson,
  PlacedOrderJson,
  walletDecisionJson,
} from '../presenters/api-json.ts';

const tags = ['orders'];
const examples = { id: 'ord_AbC123xyz' };

/** The purchase API: anonymous shoppers, named by `shopper`, buy without a cart, session or CSRF token. */
export const orderRoutes = [
  apiRoute({
    method: 'post',
    path: '/orders',
    idempotent: true,
    operationId: 'placeOrder',
    tags,
    summary: 'Place an order from items (no cart, no session); the server decides again',
    description:
      'Each product at most once in items (add up the quantity instead: 400 otherwise); every product must be one the storefront sells (422 unprocessable naming items.N.product), and the wallet must be shown for this order (409 wallet_not_shown with its reason). With asOf the checkout is decided as it stood then; an asOf later than the clock is 409 future_not_reached (the future is reached by moving a sandbox’s clock).',
    rules: ['each product at most once in items (add up the quantity instead)'],
    body: OrderBody,
    responses: {
      201: {
        description: 'the order, awaiting payment, with the decision it was placed under',
        schema: PlacedOrderJson,
        headers: { Location: { description: '/api/orders/{id}', schema: { type: 'string' } } },
      },
    },
    problems: ['not_found', 'wallet_not_shown', 'unprocessable', 'future_not_reached'],
    handler: ({ req, world, body }) => {
      const { order, decision } = placeOrderForItems(world.repos, world.clock, {
        storefrontSlug: body.storefront,
        shopperId: body.shopper,
        channel: body.channel,
        walletSlug: body.wallet,
        items: body.items.map((i) => ({ productId: i.product, quantity: i.quantity })),
        host: body.host,
        asOf: body.asOf,
      });
      return reply(
        201,
        { ...orderJson(order, world.repos.orders.items(order.id)), host: order.host, decision: decision.map(walletDecisionJson) },
        { Location: linkTo(req, `/api/orders/${order.id}`) },
      );
    },
  }),
  apiRoute({
    method: 'get',
    path: '/orders',
    operationId: 'listOrders',
    tags,
    summary: 'The shopper’s orders, newest first',
    query: ShopperQuery,
    responses: { 200: { description: 'orders (without items)', schema: OrderListJson } },
    problems: [],
    handler: ({ world, query }) => ({ shopper: query.shopper, orders: world.repos.orders.byShopper(query.shopper).map(orderSummaryJson) }),
  }),
  apiRoute({
    method: 'get',
    path: '/orders/:id',
    operationId: 'getOrder',
    tags,
    examples,
    summary: 'One order with its items and payment attempts; 404 unless shopper is the one who placed it',
    params: OrderParams,
    query: ShopperQuery,
    responses: { 200: { description: 'the order', schema: OrderWithPaymentsJson } },
    problems: ['not_found'],
    handler: ({ world, params, query }) => {
      const { order, items, payments } = orderOfShopper(world.repos, params.id, query.shopper);
      return { ...orderJson(order, items), payments: payments.map(paymentJson) };
    },
  }),
  apiRoute({
    method: 'post',
    path: '/orders/:id/payments',
    operationId: 'payOrder',
    tags,
    examples,
    summary: 'Record a simulated payment attempt with the order’s wallet',
    description:
      'The same key and body again answer the stored payment with Idempotent-Replayed: true; the same key with another body is 422 idempotency_mismatch; an order no longer awaiting payment is 409 conflict. The attempt is recorded in one transaction, so concurrent requests with one key are answered one after another: one payment, the rest replays.',
    inputNotes: {
      'idempotency-key':
        'IETF httpapi Idempotency-Key: a new random value per payment you mean to make (a UUID will do); send the same one to retry safely. It may be sent as a structured-field string, in double quotes.',
    },
    params: OrderParams,
    headers: IdempotencyKeyHeader,
    body: PaymentBody,
    responses: {
      201: {
        description: 'the payment and the order after it',
        schema: PaymentResultJson,
        headers: {
          'Idempotent-Replayed': {
            description: '"true" when this answers an earlier request with the same key',
            schema: { type: 'string', enum: ['true'] },
          },
        },
      },
    },
    problems: ['not_found', 'conflict', 'wallet_not_shown', 'idempotency_mismatch', 'future_not_reached'],
    handler: async ({ req, world, params, headers, body }) => {
      const { payment, order, replayed } = await payOrderAsShopper(world.repos, world.clock, world.paymentBatch, {
        orderId: params.id,
        shopperId: body.shopper,
        outcome: body.outcome,
        scanWith: body.scannedWith ?? null,
        idempotencyKey: headers['idempotency-key'],
        // The key is the sender's: the token's person, or the anonymous shopper named in the body.
        sentBy: req.user ? { person: req.user.username } : { shopper: body.shopper },
      });
      return reply(
        201,
        { payment: paymentJson(payment), order: orderJson(order, world.repos.orders.items(order.id)) },
        replayed ? { 'Idempotent-Replayed': 'true' } : {},
      );
    },
  }),
];
