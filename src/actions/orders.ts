import { createHash, randomBytes } from 'node:crypto';
import { Refusal } from '../domain/errors.ts';
import type { Channel } from '../domain/model.ts';
import type { Clock } from '../domain/time.ts';
import type { Order, Payment, PaymentOutcome } from '../db/orders.ts';
import type { Repositories } from '../db/repositories.ts';
import { decideForStorefront } from './decide.ts';

export function newOrderId(): string {
  return `ord_${randomBytes(9).toString('base64url')}`;
}

export function newIdempotencyKey(): string {
  return randomBytes(18).toString('base64url');
}

function refuseUnlessShown(repos: Repositories, order: Pick<Order, 'storefrontSlug' | 'shopperId' | 'channel' | 'totalFen'>, walletSlug: string, at: string): void {
  const { wallets } = decideForStorefront(repos, {
    storefrontSlug: order.storefrontSlug, shopperId: order.shopperId, channel: order.channel, amountFen: order.totalFen, at,
  });
  const decision = wallets.find((w) => w.wallet === walletSlug);
  if (!decision) throw new Refusal('unprocessable', `There is no wallet "${walletSlug}".`);
  if (!decision.shown) {
    throw new Refusal('wallet_not_shown', `${decision.name} is not available for this order: ${decision.message}`, { reason: decision.reason, wallet: walletSlug });
  }
}

/** Turns the shopper's cart into an order to be paid with `walletSlug`, if the checkout shows that wallet. */
export function placeOrder(
  repos: Repositories,
  clock: Clock,
  input: { storefrontSlug: string; shopperId: string; channel: Channel; walletSlug: string },
): Order {
  const now = clock.now().toISOString();
  return repos.db.transaction(() => {
    const lines = repos.carts.lines(input.shopperId, input.storefrontSlug);
    if (lines.length === 0) throw new Refusal('conflict', 'Your cart is empty; add something before checking out.');
    const totalFen = lines.reduce((sum, line) => sum + line.lineTotalFen, 0);
    refuseUnlessShown(repos, { ...input, totalFen }, input.walletSlug, now);
    const id = newOrderId();
    repos.orders.create(
      { id, shopperId: input.shopperId, storefrontSlug: input.storefrontSlug, channel: input.channel, walletSlug: input.walletSlug, totalFen },
      lines.map(({ productId, name, unitPriceFen, quantity }) => ({ productId, name, unitPriceFen, quantity })),
      now,
    );
    repos.carts.clear(input.shopperId, input.storefrontSlug);
    return repos.orders.find(id) as Order;
  }).immediate();
}

const STATUS_FOR_OUTCOME = { succeeded: 'paid', declined: 'failed', cancelled: 'cancelled', expired: 'expired' } as const;

export interface PaymentInput {
  orderId: string;
  shopperId: string;
  walletSlug: string;
  outcome: PaymentOutcome;
  scanWith: string | null;
  idempotencyKey: string;
}

function requestHash(input: PaymentInput): string {
  const { orderId, walletSlug, outcome, scanWith } = input;
  return createHash('sha256').update(JSON.stringify([orderId, walletSlug, outcome, scanWith])).digest('hex');
}

/**
 * Records one simulated payment attempt. The same idempotency key with the same
 * request answers with the first payment (`replayed`); with a different request it is refused.
 */
export function payOrder(repos: Repositories, clock: Clock, input: PaymentInput): { payment: Payment; replayed: boolean } {
  const now = clock.now().toISOString();
  const hash = requestHash(input);
  return repos.db.transaction(() => {
    const earlier = repos.orders.paymentByKey(input.idempotencyKey);
    if (earlier) {
      if (earlier.requestHash !== hash) {
        throw new Refusal('idempotency_mismatch', 'This payment key was already used for a different request; reload the payment page.');
      }
      return { payment: earlier, replayed: true };
    }
    const order = repos.orders.find(input.orderId);
    if (!order || order.shopperId !== input.shopperId) throw new Refusal('not_found', 'There is no such order.');
    if (order.status !== 'awaiting_payment') {
      throw new Refusal('conflict', `This order is already ${order.status.replace('_', ' ')}; it cannot be paid again.`, { status: order.status });
    }
    if (input.walletSlug !== order.walletSlug) {
      throw new Refusal('conflict', `This order is to be paid with ${order.walletName}, not ${input.walletSlug}.`);
    }
    refuseUnlessShown(repos, order, input.walletSlug, now);
    if (input.scanWith === 'alipay' && !repos.milestones.inEffect('qr-mutual-recognition', now)) {
      throw new Refusal('conflict', 'Alipay cannot scan UnionPay QR codes here: QR mutual recognition is not in effect in this scenario.');
    }
    const payment = repos.orders.insertPayment({
      orderId: order.id, walletSlug: input.walletSlug, idempotencyKey: input.idempotencyKey, requestHash: hash,
      outcome: input.outcome, scannedWith: input.scanWith, now,
    });
    repos.orders.settle(order.id, STATUS_FOR_OUTCOME[input.outcome], now);
    // A shopper who cancels gives the order up: what they chose goes back in their cart.
    if (input.outcome === 'cancelled') restoreCart(repos, order, now);
    return { payment, replayed: false };
  }).immediate();
}

/** Statuses from which a shopper may try again (same order, a new attempt) or give the order up. */
export const RETRYABLE_STATUSES: readonly string[] = ['failed', 'expired'];

function restoreCart(repos: Repositories, order: Order, now: string): void {
  for (const item of repos.orders.items(order.id)) {
    repos.carts.add(order.shopperId, order.storefrontSlug, item.productId, item.quantity, now);
  }
}

function retryableOrder(repos: Repositories, orderId: string, shopperId: string): Order {
  const order = repos.orders.find(orderId);
  if (!order || order.shopperId !== shopperId) throw new Refusal('not_found', 'There is no such order.');
  if (!RETRYABLE_STATUSES.includes(order.status)) {
    throw new Refusal('conflict', `This order is ${order.status.replace('_', ' ')}; only a failed or expired payment can be tried again or given up.`, { status: order.status });
  }
  return order;
}

/**
 * Opens a failed or expired order for another attempt, with the same wallet or another
 * one the checkout shows this shopper now for this order.
 */
export function retryOrder(repos: Repositories, clock: Clock, input: { orderId: string; shopperId: string; walletSlug: string }): Order {
  const now = clock.now().toISOString();
  return repos.db.transaction(() => {
    const order = retryableOrder(repos, input.orderId, input.shopperId);
    try {
      refuseUnlessShown(repos, order, input.walletSlug, now);
    } catch (error) {
      if (error instanceof Refusal) throw new Refusal(error.kind, error.message, { ...error.details, errors: [{ path: 'wallet', message: error.message }] });
      throw error;
    }
    repos.orders.reopen(order.id, input.walletSlug, now);
    return repos.orders.find(order.id) as Order;
  }).immediate();
}

/** Gives up a failed or expired order: it is cancelled and its items go back in the cart. */
export function giveUpOrder(repos: Repositories, clock: Clock, input: { orderId: string; shopperId: string }): Order {
  const now = clock.now().toISOString();
  return repos.db.transaction(() => {
    const order = retryableOrder(repos, input.orderId, input.shopperId);
    repos.orders.giveUp(order.id, now);
    restoreCart(repos, order, now);
    return repos.orders.find(order.id) as Order;
  }).immediate();
}

/** The wallets this shopper could pay an order with now (for "Try again"). */
export function walletsForRetry(repos: Repositories, clock: Clock, order: Order) {
  const { wallets } = decideForStorefront(repos, {
    storefrontSlug: order.storefrontSlug, shopperId: order.shopperId, channel: order.channel, amountFen: order.totalFen,
    at: clock.now().toISOString(),
  });
  return wallets.filter((w) => w.shown);
}
