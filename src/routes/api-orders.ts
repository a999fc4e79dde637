import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { orderOfShopper, payOrderAsShopper, placeOrderForItems } from '../actions/orders.ts';
import { orderJson, orderSummaryJson, paymentJson, walletDecisionJson } from '../presenters/api-json.ts';
import { IdempotencyKeyHeader, OrderBody, OrderParams, PaymentBody, ShopperQuery } from '../http/inputs/orders.ts';
import { parseInput } from '../http/validate.ts';
import { linkTo } from '../http/visit.ts';

/** The purchase API: anonymous shoppers, named by `shopper`, buy without a cart, session or CSRF token. */
export function apiOrderRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { orders } = deps.repos;

  router.post('/orders', (req, res) => {
    const body = parseInput(OrderBody, req.body);
    const { order, decision } = placeOrderForItems(deps.repos, deps.clock, {
      storefrontSlug: body.storefront, shopperId: body.shopper, channel: body.channel, walletSlug: body.wallet,
      items: body.items.map((i) => ({ productId: i.product, quantity: i.quantity })), host: body.host,
    });
    res.status(201).location(linkTo(req, `/api/orders/${order.id}`))
      .json({ ...orderJson(order, orders.items(order.id)), host: order.host, decision: decision.map(walletDecisionJson) });
  });

  router.get('/orders', (req, res) => {
    const { shopper } = parseInput(ShopperQuery, req.query);
    res.json({ shopper, orders: orders.byShopper(shopper).map(orderSummaryJson) });
  });

  router.get('/orders/:id', (req, res) => {
    const { id } = parseInput(OrderParams, req.params);
    const { shopper } = parseInput(ShopperQuery, req.query);
    const { order, items, payments } = orderOfShopper(deps.repos, id, shopper);
    res.json({ ...orderJson(order, items), payments: payments.map(paymentJson) });
  });

  router.post('/orders/:id/payments', async (req, res) => {
    const { id } = parseInput(OrderParams, req.params);
    const { 'idempotency-key': idempotencyKey } = parseInput(IdempotencyKeyHeader, req.headers);
    const body = parseInput(PaymentBody, req.body);
    const { payment, order, replayed } = await payOrderAsShopper(deps.repos, deps.clock, deps.paymentBatch, {
      orderId: id, shopperId: body.shopper, outcome: body.outcome, scanWith: body.scannedWith ?? null, idempotencyKey,
    });
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).json({ payment: paymentJson(payment), order: orderJson(order, orders.items(order.id)) });
  });

  return router;
}
