import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  decisionTimeOf,
  giveUpOrder,
  newIdempotencyKey,
  payOrder,
  QR_MUTUAL_RECOGNITION,
  retryOrder,
  RETRYABLE_STATUSES,
  SCAN_TO_CONFIRM_WALLETS,
  scanOrder,
  walletsForRetry,
} from '../actions/orders.ts';
import { PAYMENT_OUTCOMES, type Order } from '../db/orders.ts';
import { Refusal } from '../domain/errors.ts';
import { DECLINE_REASON_CODES, paymentReasonShown, reasonsFor } from '../domain/decline-reasons.ts';
import { fenToYuanString } from '../domain/money.ts';
import type { FormFailure, FormRenderer } from '../http/errors.ts';
import { orderId, walletSlug } from '../http/inputs/common.ts';
import { page } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { setNewShopper, shopperOf } from '../http/shopper.ts';
import { timeTravelTo } from '../http/time-travel.ts';
import { returnPathOf, seeOther, standingLocals, visitOf, worldOf } from '../http/visit.ts';
import { openedInHost } from '../actions/links.ts';

const OrderParams = z.object({ id: orderId });
const PaymentInput = z.object({
  wallet: walletSlug,
  outcome: z.enum(PAYMENT_OUTCOMES, { message: `one of: ${PAYMENT_OUTCOMES.join(', ')}` }),
  reason: z.enum(DECLINE_REASON_CODES, { message: 'one of the reasons listed on /reasons' }).optional(),
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

/** The order id in the address; an address that is not an order id is a missing order, not a bad request. */
function orderIdOf(req: Request): string {
  const params = OrderParams.safeParse(req.params);
  if (!params.success) throw new Refusal('not_found', 'There is no such order.');
  return params.data.id;
}

function ownOrder(req: Request): Order {
  const order = worldOf(req).repos.orders.find(orderIdOf(req));
  // Another shopper's order is as unknown as a missing one.
  if (!order || order.shopperId !== shopperOf(req)) throw new Refusal('not_found', 'There is no such order.');
  return order;
}

function renderCashier(req: Request, res: Response, order: Order, status = 200, refusal?: string): void {
  const { repos, clock } = worldOf(req);
  // The order carries the time it was placed as of: the cashier decides, and checks QR recognition, for that time.
  const at = decisionTimeOf(order, clock.now().toISOString());
  renderPage(
    res,
    cashierView(order.walletSlug),
    {
      title: `Pay with ${order.walletName}`,
      order,
      items: repos.orders.items(order.id),
      idempotencyKey: newIdempotencyKey(),
      refusal,
      recognition: repos.milestones.all().find((m) => m.slug === QR_MUTUAL_RECOGNITION) ?? null,
      mutualRecognition: repos.milestones.inEffect(QR_MUTUAL_RECOGNITION, at),
      outcomeReasons: { declined: reasonsFor('declined'), cancelled: reasonsFor('cancelled'), expired: reasonsFor('expired') },
      scannable: SCAN_TO_CONFIRM_WALLETS.includes(order.walletSlug) && order.scannedAt === null,
      ...standingLocals(
        visitOf(req),
        { travel: timeTravelTo(order.placedAsOf, clock.now()), openedIn: openedInHost(repos, order.host) },
        null,
      ),
    },
    status,
  );
}

function renderReceipt(req: Request, res: Response, failure?: FormFailure): void {
  const { repos, clock } = worldOf(req);
  const order = ownOrder(req);
  const retryable = RETRYABLE_STATUSES.includes(order.status);
  const payments = repos.orders.payments(order.id).map((p) => ({
    ...p,
    reason: paymentReasonShown(p),
  }));
  renderPage(
    res,
    'orders/receipt',
    {
      title: `Order ${order.id}`,
      order,
      items: repos.orders.items(order.id),
      payments,
      refunds: repos.refunds.ofOrder(order.id),
      lastReason: retryable ? (payments.at(-1)?.reason ?? null) : null,
      retryWallets: retryable ? walletsForRetry(repos, clock, order) : [],
      retryable,
      errors: failure?.errors ?? {},
      refusal: failure?.message,
      chosen: failure?.values.wallet ?? order.walletSlug,
    },
    failure?.status ?? 200,
  );
}

/** A refused payment shows the cashier again (with a fresh key) while the order can still be paid. */
const renderCashierAgain: FormRenderer = (req, res, failure) => {
  const order = ownOrder(req);
  if (order.storedStatus !== 'awaiting_payment' || failure.code === 'bad_request') return false;
  renderCashier(req, res, order, failure.status, failure.message);
};

/** A shopper's orders: the list, the receipt (retry, give up), the cashier and its QR code; and becoming a new shopper. */
export const orderPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/orders',
    view: 'orders/list',
    handler: ({ req, res, world }) =>
      renderPage(res, 'orders/list', { title: 'My orders', orders: world.repos.orders.byShopper(shopperOf(req)) }),
  }),
  page({
    method: 'get',
    path: '/orders/:id',
    view: 'orders/receipt',
    handler: ({ req, res }) => renderReceipt(req, res),
  }),
  page({
    method: 'post',
    path: '/orders/:id/retry',
    body: RetryInput,
    view: 'orders/receipt',
    rendersForm: renderReceipt,
    handler: ({ req, res, world, body }) => {
      const order = ownOrder(req);
      retryOrder(world.repos, world.clock, { orderId: order.id, shopperId: shopperOf(req), walletSlug: body.wallet });
      seeOther(req, res, `/orders/${order.id}/pay`);
    },
  }),
  page({
    method: 'post',
    path: '/orders/:id/give-up',
    view: 'orders/receipt',
    rendersForm: renderReceipt,
    handler: ({ req, res, world }) => {
      const order = ownOrder(req);
      giveUpOrder(world.repos, world.clock, { orderId: order.id, shopperId: shopperOf(req) });
      seeOther(req, res, `/shop/${order.storefrontSlug}/cart?restored=${encodeURIComponent(order.id)}`);
    },
  }),
  page({
    method: 'get',
    path: '/orders/:id/pay',
    view: 'cashier/alipay',
    handler: ({ req, res }) => {
      const order = ownOrder(req);
      if (order.storedStatus !== 'awaiting_payment') return seeOther(req, res, `/orders/${order.id}`);
      renderCashier(req, res, order);
    },
  }),
  page({
    method: 'get',
    path: '/orders/:id/qr.svg',
    handler: async ({ req, res }) => {
      const order = ownOrder(req);
      const payload = `hutong://pay/${order.walletSlug}/${order.id}?amount=${fenToYuanString(order.totalFen)}&currency=CNY`;
      const svg = await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      res.type('image/svg+xml').set('cache-control', 'private, max-age=300').send(svg);
    },
  }),
  page({
    method: 'post',
    path: '/orders/:id/payments',
    body: PaymentInput,
    view: 'cashier/alipay',
    rendersForm: renderCashierAgain,
    handler: async ({ req, res, world, body }) => {
      // The order is read once, in the payment's transaction, which refuses a missing or another shopper's order alike.
      const orderId = orderIdOf(req);
      await payOrder(world.repos, world.clock, world.paymentBatch, {
        orderId,
        shopperId: shopperOf(req),
        walletSlug: body.wallet,
        outcome: body.outcome,
        reason: body.reason ?? null,
        magicAmounts: world.magicAmounts,
        scanWith: body.scanWith ?? null,
        idempotencyKey: body.idempotencyKey,
        sentBy: { shopper: shopperOf(req) },
      });
      seeOther(req, res, `/orders/${orderId}`);
    },
  }),
  page({
    method: 'post',
    path: '/orders/:id/scan',
    view: 'cashier/alipay',
    rendersForm: renderCashierAgain,
    handler: ({ req, res, world }) => {
      const order = ownOrder(req);
      scanOrder(world.repos, world.clock, { orderId: order.id, shopperId: shopperOf(req) });
      seeOther(req, res, `/orders/${order.id}/pay`);
    },
  }),
  page({
    method: 'post',
    path: '/shopper/new',
    body: NewShopperInput,
    handler: ({ req, res, world, body }) => {
      setNewShopper(res, world.secureCookies, world.cookiePath);
      res.redirect(303, returnPathOf(req, body.next, '/'));
    },
  }),
];
