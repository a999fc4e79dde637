import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppSettings } from '../http/route-deps.ts';
import { decisionTimeOf, giveUpOrder, newIdempotencyKey, payOrder, QR_MUTUAL_RECOGNITION, retryOrder, RETRYABLE_STATUSES, walletsForRetry } from '../actions/orders.ts';
import { PAYMENT_OUTCOMES, type Order } from '../db/orders.ts';
import { Refusal } from '../domain/errors.ts';
import { fenToYuanString } from '../domain/money.ts';
import { rendersForm, type FormFailure } from '../http/errors.ts';
import { orderId, walletSlug } from '../http/inputs/common.ts';
import { renderPage } from '../http/render.ts';
import { setNewShopper, shopperOf } from '../http/shopper.ts';
import { standingLocals, timeTravelTo } from '../http/time-travel.ts';
import { returnPathOf, seeOther, visitOf, worldOf } from '../http/visit.ts';
import { openedInHost } from '../actions/links.ts';
import { parseInput } from '../http/validate.ts';

const OrderParams = z.object({ id: orderId });
const PaymentInput = z.object({
  wallet: walletSlug,
  outcome: z.enum(PAYMENT_OUTCOMES, { message: `one of: ${PAYMENT_OUTCOMES.join(', ')}` }),
  scanWith: z.enum(['unionpay-app', 'alipay']).optional(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'the payment key from the payment page'),
});
const RetryInput = z.object({ wallet: walletSlug });
const NewShopperInput = z.object({ next: z.unknown() });

const CASHIERS = ['alipay', 'wechat-pay', 'unionpay-qr'] as const;

/** The cashier page of the order's wallet (Alipay's for a wallet without one of its own). */
function cashierView(wallet: string): `cashier/${(typeof CASHIERS)[number]}` {
  return `cashier/${CASHIERS.find((c) => c === wallet) ?? 'alipay'}`;
}

export function orderRoutes(settings: AppSettings): Router {
  const router = Router();

  function ownOrder(req: Request): Order {
    const { orders } = worldOf(req).repos;
    // An address that is not an order id is a missing order, not a bad request.
    const params = OrderParams.safeParse(req.params);
    const order = params.success ? orders.find(params.data.id) : undefined;
    // Another shopper's order is as unknown as a missing one.
    if (!order || order.shopperId !== shopperOf(req)) throw new Refusal('not_found', 'There is no such order.');
    return order;
  }

  function renderCashier(req: Request, res: Response, order: Order, status = 200, refusal?: string): void {
    const deps = worldOf(req);
    // The order carries the time it was placed as of: the cashier decides, and checks QR recognition, for that time.
    const at = decisionTimeOf(order, deps.clock.now().toISOString());
    renderPage(res, cashierView(order.walletSlug), {
      title: `Pay with ${order.walletName}`, order, items: deps.repos.orders.items(order.id), idempotencyKey: newIdempotencyKey(), refusal,
      mutualRecognition: deps.repos.milestones.inEffect(QR_MUTUAL_RECOGNITION, at),
      ...standingLocals(visitOf(req), { travel: timeTravelTo(order.placedAsOf), openedIn: openedInHost(deps.repos, order.host) }, null),
    }, status);
  }

  router.get('/orders', (req, res) => {
    renderPage(res, 'orders/list', { title: 'My orders', orders: worldOf(req).repos.orders.byShopper(shopperOf(req)) });
  });

  function renderReceipt(req: Request, res: Response, order: Order, failure?: FormFailure): void {
    const deps = worldOf(req);
    const { orders } = deps.repos;
    const retryable = RETRYABLE_STATUSES.includes(order.status);
    renderPage(res, 'orders/receipt', {
      title: `Order ${order.id}`, order, items: orders.items(order.id), payments: orders.payments(order.id),
      retryWallets: retryable ? walletsForRetry(deps.repos, deps.clock, order) : [],
      retryable, errors: failure?.errors ?? {}, refusal: failure?.message, chosen: failure?.values.wallet ?? order.walletSlug,
    }, failure?.status ?? 200);
  }

  router.get('/orders/:id', (req, res) => {
    renderReceipt(req, res, ownOrder(req));
  });

  const receiptAgain = rendersForm((req, res, failure) => renderReceipt(req, res, ownOrder(req), failure));

  router.post('/orders/:id/retry', receiptAgain, (req, res) => {
    const order = ownOrder(req);
    const input = parseInput(RetryInput, req.body);
    const deps = worldOf(req);
    retryOrder(deps.repos, deps.clock, { orderId: order.id, shopperId: shopperOf(req), walletSlug: input.wallet });
    seeOther(req, res, `/orders/${order.id}/pay`);
  });

  router.post('/orders/:id/give-up', receiptAgain, (req, res) => {
    const order = ownOrder(req);
    const deps = worldOf(req);
    giveUpOrder(deps.repos, deps.clock, { orderId: order.id, shopperId: shopperOf(req) });
    seeOther(req, res, `/shop/${order.storefrontSlug}/cart?restored=${encodeURIComponent(order.id)}`);
  });

  router.get('/orders/:id/pay', (req, res) => {
    const order = ownOrder(req);
    if (order.status !== 'awaiting_payment') return seeOther(req, res, `/orders/${order.id}`);
    renderCashier(req, res, order);
  });

  router.get('/orders/:id/qr.svg', async (req, res) => {
    const order = ownOrder(req);
    const payload = `hutong://pay/${order.walletSlug}/${order.id}?amount=${fenToYuanString(order.totalFen)}&currency=CNY`;
    const svg = await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    res.type('image/svg+xml').set('cache-control', 'private, max-age=300').send(svg);
  });

  // A refused payment shows the cashier again (with a fresh key) while the order can still be paid.
  const cashierAgain = rendersForm((req, res, failure) => {
    const order = ownOrder(req);
    if (order.status !== 'awaiting_payment' || failure.code === 'bad_request') return false;
    renderCashier(req, res, order, failure.status, failure.message);
  });

  router.post('/orders/:id/payments', cashierAgain, async (req, res) => {
    const order = ownOrder(req);
    const input = parseInput(PaymentInput, req.body);
    const deps = worldOf(req);
    await payOrder(deps.repos, deps.clock, deps.paymentBatch, {
      orderId: order.id, shopperId: shopperOf(req), walletSlug: input.wallet, outcome: input.outcome,
      scanWith: input.scanWith ?? null, idempotencyKey: input.idempotencyKey,
    });
    seeOther(req, res, `/orders/${order.id}`);
  });

  router.post('/shopper/new', (req, res) => {
    const input = parseInput(NewShopperInput, req.body);
    setNewShopper(res, settings.secureCookies, worldOf(req).cookiePath);
    res.redirect(303, returnPathOf(req, input.next, '/'));
  });

  return router;
}
