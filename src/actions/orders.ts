import { createHash, randomBytes } from 'node:crypto';
import { cartTotals } from '../domain/cart.ts';
import { Refusal } from '../domain/errors.ts';
import type { ContextChannel as Channel } from '../domain/model.ts';
import type { Host } from '../domain/links/model.ts';
import { asOfParam, formatAsOf, formatInstant, type Clock } from '../domain/time.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Order, Payment, PaymentOutcome } from '../db/orders.ts';
import type { Repositories } from '../db/repositories.ts';
import type { WalletDecision } from '../domain/decide.ts';
import { orderExpiresAt } from '../domain/due-order-expiry.ts';
import { decideForStorefront } from './decide.ts';
import { recordOrderPlaced, recordPayment, recordScanned } from './webhook-outbox.ts';
import { reasonForOutcome } from '../domain/decline-reasons.ts';
import { attemptOutcome, magicEffectOf } from '../domain/magic-amounts.ts';

/** The milestone that lets Alipay scan a UnionPay QR code (the simulator's reading of 001). */
export const QR_MUTUAL_RECOGNITION = 'qr-mutual-recognition';

/** The instant an order's wallets are decided for: the time it was placed as of, or now. */
export function decisionTimeOf(order: Pick<Order, 'placedAsOf'>, now: string): string {
  return order.placedAsOf ?? now;
}

export function newOrderId(): string {
  return `ord_${randomBytes(9).toString('base64url')}`;
}

export function newIdempotencyKey(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The future is reached by the clock, not by `asOf`: a checkout may be previewed for a later time,
 * but an order is placed and paid only for a time the world's clock has reached.
 */
function refuseTheFuture(asOf: string | null | undefined, now: string): void {
  if (!asOf || asOf <= now) return;
  throw new Refusal(
    'future_not_reached',
    `${formatAsOf(asOf)} has not happened yet (the clock says ${formatInstant(now)}): the checkout can be previewed there, but an order is placed and paid only once the clock reaches it — in a sandbox, move the sandbox's clock to ${asOfParam(asOf)} first.`,
    { asOf, now },
  );
}

/**
 * An order past its cashier's expiry is expired, even before the sweep (once a second in the main
 * world) has marked it so: it is neither paid nor scanned.
 */
function refuseExpired(order: Pick<Order, 'expiresAt'>, now: string): void {
  if (order.expiresAt === null || order.expiresAt > now) return;
  throw new Refusal(
    'order_expired',
    `This order expired at ${formatInstant(order.expiresAt)}: its cashier no longer takes a payment. Try again to open it for another attempt.`,
    { expiresAt: order.expiresAt, now },
  );
}

/** Decides again for this order and refuses a wallet the decision does not show; returns the decision. */
function refuseUnlessShown(
  repos: Repositories,
  order: Pick<Order, 'storefrontSlug' | 'shopperId' | 'channel' | 'totalFen'> & { host?: Host | null | undefined },
  walletSlug: string,
  at: string,
): WalletDecision[] {
  const { wallets } = decideForStorefront(repos, {
    storefrontSlug: order.storefrontSlug,
    shopperId: order.shopperId,
    channel: order.channel,
    amountFen: order.totalFen,
    at,
    host: order.host,
  });
  const decision = wallets.find((w) => w.wallet === walletSlug);
  if (!decision) throw new Refusal('unprocessable', `There is no wallet "${walletSlug}".`);
  if (!decision.shown) {
    throw new Refusal('wallet_not_shown', `${decision.name} is not available for this order: ${decision.message}`, {
      reason: decision.reason,
      wallet: walletSlug,
    });
  }
  return wallets;
}

/** Turns the shopper's cart into an order to be paid with `walletSlug`, if the checkout shows that wallet. */
export function placeOrder(
  repos: Repositories,
  clock: Clock,
  input: { storefrontSlug: string; shopperId: string; channel: Channel; walletSlug: string; asOf?: string | null; host?: Host | null },
): Order {
  const now = clock.now().toISOString();
  // Time travel: the checkout is decided as it stood at `asOf`, and the order keeps that time.
  const decidedAt = input.asOf ?? now;
  refuseTheFuture(input.asOf, now);
  return repos.db
    .transaction(() => {
      const lines = repos.carts.lines(input.shopperId, input.storefrontSlug);
      if (lines.length === 0) throw new Refusal('conflict', 'Your cart is empty; add something before checking out.');
      const { totalFen } = cartTotals(lines);
      refuseUnlessShown(repos, { ...input, totalFen }, input.walletSlug, decidedAt);
      const order = writeOrder(repos, input, lines, totalFen, now);
      repos.carts.clear(input.shopperId, input.storefrontSlug);
      return order;
    })
    .immediate();
}

export interface ItemsOrderInput {
  storefrontSlug: string;
  shopperId: string;
  channel: Channel;
  walletSlug: string;
  items: { productId: number; quantity: number }[];
  /** Opened inside this host app: its walls apply to the decision, and the order keeps it. */
  host?: Host | null | undefined;
  /** Placed as the checkout stood at this past instant (time travel), which the order keeps; never later than now. */
  asOf?: string | null | undefined;
  /** Fen added to the total, to reach a magic amount (refused unless magic amounts are on). */
  addFen?: number | undefined;
  /** Magic amounts are on in this world. */
  magicAmounts?: boolean;
}

/**
 * Places an order from the items named in the request (the API's cart-less checkout): the same
 * decision, tables and statuses as placeOrder, and the decision it was placed under.
 */
export function placeOrderForItems(
  repos: Repositories,
  clock: Clock,
  input: ItemsOrderInput,
): { order: Order; decision: WalletDecision[] } {
  const now = clock.now().toISOString();
  refuseTheFuture(input.asOf, now);
  return repos.db
    .transaction(() => {
      if (!repos.catalog.storefront(input.storefrontSlug))
        throw new Refusal('not_found', `There is no storefront "${input.storefrontSlug}".`);
      const lines = input.items.map(({ productId, quantity }, index) => {
        const product = repos.catalog.product(input.storefrontSlug, productId);
        if (!product) {
          const path = `items.${index}.product`;
          throw new Refusal('unprocessable', `${input.storefrontSlug} sells no product ${productId}.`, {
            errors: [{ path, message: 'a product of this storefront' }],
          });
        }
        return { productId, name: product.name, unitPriceFen: product.priceFen, quantity, lineTotalFen: product.priceFen * quantity };
      });
      if (input.addFen !== undefined && !input.magicAmounts) {
        throw new Refusal('unprocessable', 'addFen reaches a magic amount, and magic amounts are off here: use a sandbox.', {
          errors: [{ path: 'addFen', message: 'only where magic amounts are on (a sandbox, or HUTONG_MAGIC_AMOUNTS=1)' }],
        });
      }
      const totalFen = cartTotals(lines).totalFen + (input.addFen ?? 0);
      const decision = refuseUnlessShown(repos, { ...input, totalFen }, input.walletSlug, input.asOf ?? now);
      return { order: writeOrder(repos, input, lines, totalFen, now), decision };
    })
    .immediate();
}

/**
 * Writes a placed order, its lines and its order.placed event (inside the caller's transaction):
 * what the cart checkout and the API's cart-less one share once the decision has let it through.
 */
function writeOrder(
  repos: Repositories,
  input: Pick<ItemsOrderInput, 'shopperId' | 'storefrontSlug' | 'channel' | 'walletSlug' | 'host' | 'asOf'>,
  lines: readonly { productId: number; name: string; unitPriceFen: number; quantity: number }[],
  totalFen: number,
  now: string,
): Order {
  const id = newOrderId();
  repos.orders.create(
    {
      id,
      shopperId: input.shopperId,
      storefrontSlug: input.storefrontSlug,
      channel: input.channel,
      walletSlug: input.walletSlug,
      totalFen,
      placedAsOf: input.asOf ?? null,
      host: input.host ?? null,
      expiresAt: orderExpiresAt(input.walletSlug, now),
    },
    lines.map(({ productId, name, unitPriceFen, quantity }) => ({ productId, name, unitPriceFen, quantity })),
    now,
  );
  const order = repos.orders.get(id);
  recordOrderPlaced(repos, order, now);
  return order;
}

const STATUS_FOR_OUTCOME = { succeeded: 'paid', declined: 'failed', cancelled: 'cancelled', expired: 'expired' } as const;

export interface PaymentInput {
  orderId: string;
  shopperId: string;
  walletSlug: string;
  outcome: PaymentOutcome;
  /** Why it did not succeed (a decline reason of that outcome); null: the outcome's default. */
  reason?: string | null;
  scanWith: string | null;
  /** Magic amounts are on in this world: an order's total may choose its first attempt's outcome. */
  magicAmounts?: boolean;
  idempotencyKey: string;
  /** Who sent the key: it is theirs alone (another sender's same key is another payment). */
  sentBy: KeySender;
}

/** Whoever sends an Idempotency-Key: a person (an API token's) or a shopper (the cookie's, or the API's anonymous `shopper`). */
export type KeySender = { person: string } | { shopper: string };

/** The scope a key is stored and looked up in: person:<username> or shopper:<id>. */
export function keyScopeOf(sender: KeySender): string {
  return 'person' in sender ? `person:${sender.person}` : `shopper:${sender.shopper}`;
}

function requestHash(input: PaymentInput): string {
  const { orderId, walletSlug, outcome, scanWith } = input;
  const reason = input.reason ?? null;
  // A request without a reason hashes as before, so keys stored before reasons still replay.
  return createHash('sha256')
    .update(JSON.stringify(reason === null ? [orderId, walletSlug, outcome, scanWith] : [orderId, walletSlug, outcome, scanWith, reason]))
    .digest('hex');
}

/**
 * One simulated payment attempt, in the caller's transaction. The same idempotency key with the
 * same request answers with the first payment (`replayed`); with a different request it is refused.
 * `readOrder` reads the order in this transaction (a caller that has just read it hands it over).
 */
function applyPayment(
  repos: Repositories,
  input: PaymentInput,
  now: string,
  readOrder: () => Order | undefined = () => repos.orders.find(input.orderId),
): { payment: Payment; replayed: boolean } {
  const hash = requestHash(input);
  const scope = keyScopeOf(input.sentBy);
  // Only this sender's keys: another's same key is another payment, and is not revealed.
  const earlier = repos.orders.paymentByKey(scope, input.idempotencyKey);
  if (earlier) {
    // A person's key used for another shopper's order is not a replay, whatever the body.
    if (earlier.requestHash !== hash || repos.orders.find(earlier.orderId)?.shopperId !== input.shopperId) {
      throw new Refusal('idempotency_mismatch', 'This payment key was already used for a different request; reload the payment page.');
    }
    return { payment: earlier, replayed: true };
  }
  const order = readOrder();
  if (!order || order.shopperId !== input.shopperId) throw new Refusal('not_found', 'There is no such order.');
  if (order.storedStatus !== 'awaiting_payment') {
    throw new Refusal('conflict', `This order is already ${order.status.replaceAll('_', ' ')}; it cannot be paid again.`, {
      orderStatus: order.status,
    });
  }
  if (input.walletSlug !== order.walletSlug) {
    throw new Refusal('conflict', `This order is to be paid with ${order.walletName}, not ${input.walletSlug}.`);
  }
  refuseExpired(order, now);
  // An order placed as of a past day is paid in that world: its decision and the QR check use that time.
  const decidedAt = decisionTimeOf(order, now);
  // One placed for a later time than the clock (before this was refused) waits for the clock.
  refuseTheFuture(order.placedAsOf, now);
  refuseUnlessShown(repos, order, input.walletSlug, decidedAt);
  if (input.scanWith === 'alipay' && !repos.milestones.inEffect(QR_MUTUAL_RECOGNITION, decidedAt)) {
    throw new Refusal(
      'conflict',
      `Alipay cannot scan UnionPay QR codes here: QR mutual recognition is not in effect ${order.placedAsOf ? `as of ${formatAsOf(decidedAt)}` : 'in this scenario'}.`,
      { reason: 'QR_NOT_RECOGNISED' },
    );
  }
  const requested = input.reason ?? null;
  const asked = reasonForOutcome(input.outcome, requested);
  if (requested !== null && asked === null) {
    throw new Refusal('unprocessable', `${input.reason} is not a reason a ${input.outcome} payment can give.`, {
      errors: [{ path: 'reason', message: `a reason of a ${input.outcome} payment (see /reasons)` }],
    });
  }
  // Magic amounts: the order's total chooses its first attempt's outcome, whatever was asked.
  const effect = magicEffectOf(order.totalFen, input.magicAmounts ?? false);
  const ends = attemptOutcome({ outcome: input.outcome, reason: asked }, effect, effect !== null && !repos.orders.hasPayments(order.id));
  if (ends.scannedFirst && repos.orders.markScanned(order.id, now)) recordScanned(repos, order.id, now);
  const payment = repos.orders.insertPayment({
    orderId: order.id,
    walletSlug: input.walletSlug,
    idempotencyScope: scope,
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
    outcome: ends.outcome,
    reasonCode: ends.reason,
    scannedWith: input.scanWith,
    now,
  });
  repos.orders.settle(order.id, STATUS_FOR_OUTCOME[ends.outcome], now);
  recordPayment(repos, payment, now);
  // A shopper who cancels gives the order up: what they chose goes back in their cart.
  if (ends.outcome === 'cancelled') restoreCart(repos, order, now);
  return { payment, replayed: false };
}

/**
 * Records one simulated payment attempt in the next group commit (see applyPayment); resolves
 * once the payment, the order's new status and its webhook rows are committed.
 */
export function payOrder(
  repos: Repositories,
  clock: Clock,
  batch: GroupCommit,
  input: PaymentInput,
): Promise<{ payment: Payment; replayed: boolean }> {
  const now = clock.now().toISOString();
  return batch.run(() => applyPayment(repos, input, now));
}

/**
 * Pays an order as the shopper who placed it, with the order's wallet (the API names no wallet
 * in the payment). Answers the payment and the order after it, replayed or not, once committed.
 */
export function payOrderAsShopper(
  repos: Repositories,
  clock: Clock,
  batch: GroupCommit,
  input: Omit<PaymentInput, 'walletSlug'>,
): Promise<{ payment: Payment; order: Order; replayed: boolean }> {
  const now = clock.now().toISOString();
  return batch.run(() => {
    const order = repos.orders.find(input.orderId);
    if (!order || order.shopperId !== input.shopperId) throw new Refusal('not_found', 'There is no such order.');
    // The order just read, in this transaction, is the one paid: it is not read twice.
    const { payment, replayed } = applyPayment(repos, { ...input, walletSlug: order.walletSlug }, now, () => order);
    return { payment, replayed, order: repos.orders.get(order.id) };
  });
}

/** One order as its shopper sees it (404 for anyone else), with its items and payments. */
export function orderOfShopper(repos: Repositories, orderId: string, shopperId: string) {
  const order = repos.orders.find(orderId);
  if (!order || order.shopperId !== shopperId) throw new Refusal('not_found', 'There is no such order.');
  return { order, items: repos.orders.items(order.id), payments: repos.orders.payments(order.id) };
}

/** The wallets whose cashier shows a QR code the shopper scans and then confirms in the app. */
export const SCAN_TO_CONFIRM_WALLETS: readonly string[] = ['wechat-pay', 'unionpay-qr'];

/**
 * The shopper scanned the order's QR code and has not confirmed: the order is awaiting_confirmation
 * (a payment.scanned webhook) until it is paid, declined or expires. Scanning again changes nothing.
 */
export function scanOrder(repos: Repositories, clock: Clock, input: { orderId: string; shopperId: string }): Order {
  const now = clock.now().toISOString();
  return repos.db
    .transaction(() => {
      const order = repos.orders.find(input.orderId);
      if (!order || order.shopperId !== input.shopperId) throw new Refusal('not_found', 'There is no such order.');
      if (!SCAN_TO_CONFIRM_WALLETS.includes(order.walletSlug)) {
        throw new Refusal(
          'conflict',
          `${order.walletName} here is paid at once: only a WeChat Pay or UnionPay QR order waits for a scan to be confirmed.`,
        );
      }
      if (order.storedStatus !== 'awaiting_payment') {
        throw new Refusal(
          'conflict',
          `This order is ${order.status.replaceAll('_', ' ')}; only an order awaiting payment can be scanned.`,
          {
            orderStatus: order.status,
          },
        );
      }
      refuseExpired(order, now);
      if (repos.orders.markScanned(order.id, now)) recordScanned(repos, order.id, now);
      return repos.orders.get(order.id);
    })
    .immediate();
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
    throw new Refusal(
      'conflict',
      `This order is ${order.status.replaceAll('_', ' ')}; only a failed or expired payment can be tried again or given up.`,
      { status: order.status },
    );
  }
  return order;
}

/**
 * Opens a failed or expired order for another attempt, with the same wallet or another
 * one the checkout shows this shopper now for this order.
 */
export function retryOrder(repos: Repositories, clock: Clock, input: { orderId: string; shopperId: string; walletSlug: string }): Order {
  const now = clock.now().toISOString();
  return repos.db
    .transaction(() => {
      const order = retryableOrder(repos, input.orderId, input.shopperId);
      try {
        refuseUnlessShown(repos, order, input.walletSlug, decisionTimeOf(order, now));
      } catch (error) {
        if (error instanceof Refusal)
          throw new Refusal(error.kind, error.message, { ...error.details, errors: [{ path: 'wallet', message: error.message }] });
        throw error;
      }
      repos.orders.reopen(order.id, input.walletSlug, now, orderExpiresAt(input.walletSlug, now));
      return repos.orders.get(order.id);
    })
    .immediate();
}

/** Gives up a failed or expired order: it is cancelled and its items go back in the cart. */
export function giveUpOrder(repos: Repositories, clock: Clock, input: { orderId: string; shopperId: string }): Order {
  const now = clock.now().toISOString();
  return repos.db
    .transaction(() => {
      const order = retryableOrder(repos, input.orderId, input.shopperId);
      repos.orders.giveUp(order.id, now);
      restoreCart(repos, order, now);
      return repos.orders.get(order.id);
    })
    .immediate();
}

/** The wallets this shopper could pay an order with now (for "Try again"). */
export function walletsForRetry(repos: Repositories, clock: Clock, order: Order) {
  const { wallets } = decideForStorefront(repos, {
    storefrontSlug: order.storefrontSlug,
    shopperId: order.shopperId,
    channel: order.channel,
    amountFen: order.totalFen,
    at: decisionTimeOf(order, clock.now().toISOString()),
    host: order.host,
  });
  return wallets.filter((w) => w.shown);
}
