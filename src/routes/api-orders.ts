import { orderOfShopper, payOrderAsShopper, placeOrderForItems, scanOrder } from '../actions/orders.ts';
import { refundableOrder, refundOrder } from '../actions/refunds.ts';
import { signedIn } from '../http/auth.ts';
import { IdempotencyKeyHeader, OrderBody, OrderParams, PaymentBody, RefundBody, ScanBody, ShopperQuery } from '../http/inputs/orders.ts';
import { roles } from '../http/route-table-guards.ts';
import { linkTo } from '../http/visit.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import {
  OrderJson,
  OrderListJson,
  OrderRefundsJson,
  RefundResultJson,
  refundJson,
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
        addFen: body.addFen,
        magicAmounts: world.magicAmounts,
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
      return {
        ...orderJson(order, items),
        payments: payments.map(paymentJson),
        refunds: world.repos.refunds.ofOrder(order.id).map(refundJson),
      };
    },
  }),
  apiRoute({
    method: 'post',
    path: '/orders/:id/scan',
    idempotent: true,
    operationId: 'scanOrder',
    tags,
    examples,
    summary: 'The shopper scanned the QR code and has not confirmed: the order is awaiting_confirmation',
    description:
      'WeChat Pay and UnionPay QR orders only (409 conflict for another wallet, or an order not awaiting payment). Sends order.scanned. Scanning again answers the same order and sends nothing. The order then ends as a payment says (succeeded, declined, cancelled, expired), or expires with the clock.',
    params: OrderParams,
    body: ScanBody,
    responses: { 200: { description: 'the order, awaiting confirmation', schema: OrderJson } },
    problems: ['not_found', 'conflict', 'order_expired'],
    handler: ({ world, params, body }) => {
      const order = scanOrder(world.repos, world.clock, { orderId: params.id, shopperId: body.shopper });
      return orderJson(order, world.repos.orders.items(order.id));
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
    problems: ['not_found', 'conflict', 'order_expired', 'wallet_not_shown', 'idempotency_mismatch', 'future_not_reached', 'unprocessable'],
    handler: async ({ req, world, params, headers, body }) => {
      const { payment, order, replayed } = await payOrderAsShopper(world.repos, world.clock, world.paymentBatch, {
        orderId: params.id,
        shopperId: body.shopper,
        outcome: body.outcome,
        reason: body.reason ?? null,
        magicAmounts: world.magicAmounts,
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
  apiRoute({
    method: 'get',
    path: '/orders/:id/refunds',
    operationId: 'listRefunds',
    tags,
    examples,
    guard: roles('operator', 'admin'),
    summary: 'A paid order’s refunds, for an operator of its storefront’s group (or an admin)',
    params: OrderParams,
    responses: { 200: { description: 'the order and its refunds, oldest first', schema: OrderRefundsJson } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => {
      const order = refundableOrder(world.repos, params.id, signedIn(req));
      return {
        order: orderJson(order, world.repos.orders.items(order.id)),
        refunds: world.repos.refunds.ofOrder(order.id).map(refundJson),
      };
    },
  }),
  apiRoute({
    method: 'post',
    path: '/orders/:id/refunds',
    idempotent: true,
    operationId: 'refundOrder',
    tags,
    examples,
    guard: roles('operator', 'admin'),
    summary: 'Refund all or part of a paid order (an operator of its storefront’s group, or an admin)',
    description:
      'Several refunds may be made, up to the paid amount: the order is then partially_refunded, and refunded once all of it is given back. Refused: 409 order_not_paid, 409 refund_exceeds_paid (more than is left), 409 refund_window_passed (180 days after the payment, Hutong’s choice). A refund-failing magic amount records a failed refund (201, status failed). Sends refund.succeeded or refund.failed in the same transaction.',
    params: OrderParams,
    body: RefundBody,
    responses: {
      201: {
        description: 'the refund and the order after it',
        schema: RefundResultJson,
        headers: { Location: { description: '/api/orders/{id}/refunds', schema: { type: 'string' } } },
      },
    },
    problems: ['not_found', 'order_not_paid', 'refund_exceeds_paid', 'refund_window_passed'],
    handler: ({ req, world, params, body }) => {
      const { refund, order } = refundOrder(world.repos, world.clock, {
        orderId: params.id,
        amountFen: body.amount,
        note: body.note ?? null,
        actor: signedIn(req),
        magicAmounts: world.magicAmounts,
      });
      return reply(
        201,
        { refund: refundJson(refund), order: orderJson(order, world.repos.orders.items(order.id)) },
        { Location: linkTo(req, `/api/orders/${order.id}/refunds`) },
      );
    },
  }),
];
