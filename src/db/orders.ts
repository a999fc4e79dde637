import { shownOrderStatus } from '../domain/refunds.ts';
import { CONTEXT_CHANNELS, type ContextChannel as Channel } from '../domain/model.ts';
import { HOSTS, type Host } from '../domain/links/model.ts';
import type { Db } from './open.ts';
import { int, maybeOneOf, maybeText, oneOf, query, text, type Row } from './rows.ts';

export const ORDER_STATUSES = ['awaiting_payment', 'paid', 'failed', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The statuses shown: the stored ones, and those read from a scan and from refunds (see shownOrderStatus). */
export const SHOWN_ORDER_STATUSES = [...ORDER_STATUSES, 'awaiting_confirmation', 'partially_refunded', 'refunded'] as const;
export type ShownOrderStatus = (typeof SHOWN_ORDER_STATUSES)[number];
export const PAYMENT_OUTCOMES = ['succeeded', 'declined', 'cancelled', 'expired'] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];
/**
 * The statuses an order expires from when its cashier's time runs out (see expiringThrough). A
 * scanned order, shown awaiting_confirmation, is stored awaiting_payment: it expires from here too.
 */
export const EXPIRING_STATUSES: readonly OrderStatus[] = ['awaiting_payment'];

export interface Order {
  id: string;
  shopperId: string;
  storefrontSlug: string;
  storefrontName: string;
  channel: Channel;
  walletSlug: string;
  walletName: string;
  totalFen: number;
  /** As shown everywhere: awaiting_confirmation once scanned, partially_refunded / refunded after refunds. */
  status: ShownOrderStatus;
  /** As stored: what the payment lifecycle left it in. */
  storedStatus: OrderStatus;
  /** When the shopper scanned its QR code, if they did (null: not scanned). */
  scannedAt: string | null;
  /** What successful refunds gave back, in fen. */
  refundedFen: number;
  /** When its successful payment was made (null: not paid). */
  paidAt: string | null;
  /** Placed while time-travelling: the instant its checkout was decided for (null: placed for now). */
  placedAsOf: string | null;
  /** The host app the order was placed in (opened from a shared link), or null. */
  host: Host | null;
  /** When its cashier expires (the world's clock); null for an order written without one (the synthetic world's). */
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderItem {
  productId: number;
  name: string;
  unitPriceFen: number;
  quantity: number;
}

export interface Payment {
  id: number;
  orderId: string;
  walletSlug: string;
  idempotencyKey: string;
  requestHash: string;
  outcome: PaymentOutcome;
  /** Why it did not succeed (a code of src/domain/decline-reasons.ts); null for a success. */
  reasonCode: string | null;
  scannedWith: string | null;
  createdAt: string;
}

/** A payment to write: its key is stored in the scope of whoever sent it. */
type NewPayment = Omit<Payment, 'id' | 'createdAt'> & { idempotencyScope: string; now: string };

const ORDER_COLUMNS = `o.id, o.shopper_id AS shopperId, o.storefront_slug AS storefrontSlug, s.name AS storefrontName,
  o.channel, o.wallet_slug AS walletSlug, w.name AS walletName, o.total_fen AS totalFen, o.status, o.placed_as_of AS placedAsOf, o.host,
  o.expires_at AS expiresAt, o.created_at AS createdAt, o.updated_at AS updatedAt, o.scanned_at AS scannedAt,
  (SELECT coalesce(sum(r.amount_fen), 0) FROM refunds r WHERE r.order_id = o.id AND r.status = 'succeeded') AS refundedFen,
  (SELECT p.created_at FROM payments p WHERE p.order_id = o.id AND p.outcome = 'succeeded') AS paidAt`;
const ORDER_FROM = 'orders o JOIN storefronts s ON s.slug = o.storefront_slug JOIN wallets w ON w.slug = o.wallet_slug';
const PAYMENT_COLUMNS = `id, order_id AS orderId, wallet_slug AS walletSlug, idempotency_key AS idempotencyKey,
  request_hash AS requestHash, outcome, reason_code AS reasonCode, scanned_with AS scannedWith, created_at AS createdAt`;

function orderFrom(row: Row): Order {
  const storedStatus = oneOf(row, 'status', ORDER_STATUSES);
  const scannedAt = maybeText(row, 'scannedAt');
  const totalFen = int(row, 'totalFen');
  const refundedFen = int(row, 'refundedFen');
  return {
    id: text(row, 'id'),
    shopperId: text(row, 'shopperId'),
    storefrontSlug: text(row, 'storefrontSlug'),
    storefrontName: text(row, 'storefrontName'),
    channel: oneOf(row, 'channel', CONTEXT_CHANNELS),
    walletSlug: text(row, 'walletSlug'),
    walletName: text(row, 'walletName'),
    totalFen,
    status: shownOrderStatus(storedStatus, scannedAt !== null, totalFen, refundedFen),
    storedStatus,
    scannedAt,
    refundedFen,
    paidAt: maybeText(row, 'paidAt'),
    placedAsOf: maybeText(row, 'placedAsOf'),
    host: maybeOneOf(row, 'host', HOSTS),
    expiresAt: maybeText(row, 'expiresAt'),
    createdAt: text(row, 'createdAt'),
    updatedAt: text(row, 'updatedAt'),
  };
}

function paymentFrom(row: Row): Payment {
  return {
    id: int(row, 'id'),
    orderId: text(row, 'orderId'),
    walletSlug: text(row, 'walletSlug'),
    idempotencyKey: text(row, 'idempotencyKey'),
    requestHash: text(row, 'requestHash'),
    outcome: oneOf(row, 'outcome', PAYMENT_OUTCOMES),
    reasonCode: maybeText(row, 'reasonCode'),
    scannedWith: maybeText(row, 'scannedWith'),
    createdAt: text(row, 'createdAt'),
  };
}

/**
 * The console's orders: those of one storefront group (null: every group), newest first — read
 * backwards along `orders_newest` (migration 0024), not sorted from every order.
 */
export const NEWEST_ORDERS = `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE @group IS NULL OR s.group_slug = @group
    ORDER BY o.created_at DESC, o.rowid DESC LIMIT 100`;

export function orderQueries(db: Db) {
  const find = query<Order, [string]>(db, `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.id = ?`, orderFrom);
  const byShopper = query<Order, [string]>(
    db,
    `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.shopper_id = ?
    ORDER BY o.created_at DESC, o.rowid DESC LIMIT 200`,
    orderFrom,
  );
  const byGroup = query<Order, [{ group: string | null }]>(db, NEWEST_ORDERS, orderFrom);
  const items = query<OrderItem, [string]>(
    db,
    `SELECT product_id AS productId, name, unit_price_fen AS unitPriceFen, quantity
    FROM order_items WHERE order_id = ? ORDER BY product_id`,
    (row) => ({
      productId: int(row, 'productId'),
      name: text(row, 'name'),
      unitPriceFen: int(row, 'unitPriceFen'),
      quantity: int(row, 'quantity'),
    }),
  );
  const insertOrder =
    db.prepare(`INSERT INTO orders (id, shopper_id, storefront_slug, channel, wallet_slug, total_fen, placed_as_of, host, expires_at, created_at, updated_at)
    VALUES (@id, @shopperId, @storefrontSlug, @channel, @walletSlug, @totalFen, @placedAsOf, @host, @expiresAt, @now, @now)`);
  const insertItem = db.prepare(`INSERT INTO order_items (order_id, product_id, name, unit_price_fen, quantity)
    VALUES (?, ?, ?, ?, ?)`);
  const setStatus = db.prepare(`UPDATE orders SET status = @status, updated_at = @now
    WHERE id = @id AND status = 'awaiting_payment'`);
  // Only a failed or expired order may be tried again or given up: paid and cancelled are final.
  const reopen = db.prepare(`UPDATE orders SET status = 'awaiting_payment', wallet_slug = @walletSlug, expires_at = @expiresAt,
    scanned_at = NULL, updated_at = @now
    WHERE id = @id AND status IN ('failed','expired')`);
  const giveUp = db.prepare(`UPDATE orders SET status = 'cancelled', updated_at = @now
    WHERE id = @id AND status IN ('failed','expired')`);
  const markScanned = db.prepare(`UPDATE orders SET scanned_at = @now, updated_at = @now
    WHERE id = @id AND status = 'awaiting_payment' AND scanned_at IS NULL`);
  const paymentByKey = query<Payment, [string, string]>(
    db,
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE idempotency_scope = ? AND idempotency_key = ?`,
    paymentFrom,
  );
  const paymentsOf = query<Payment & { walletName: string }, [string]>(
    db,
    `SELECT ${PAYMENT_COLUMNS},
      (SELECT name FROM wallets w WHERE w.slug = payments.wallet_slug) AS walletName
    FROM payments WHERE order_id = ? ORDER BY id`,
    (row) => ({ ...paymentFrom(row), walletName: text(row, 'walletName') }),
  );
  const anyPayment = db.prepare<[string], number>('SELECT 1 FROM payments WHERE order_id = ? LIMIT 1').pluck();
  const insertPayment = db.prepare<[NewPayment]>(`INSERT INTO payments
      (order_id, wallet_slug, idempotency_scope, idempotency_key, request_hash, outcome, reason_code, scanned_with, created_at)
    VALUES (@orderId, @walletSlug, @idempotencyScope, @idempotencyKey, @requestHash, @outcome, @reasonCode, @scannedWith, @now)`);

  const expiry = expiryQueries(db);

  return {
    ...expiry,
    find: (id: string) => find.get(id),
    /** An order that must exist (one just written, or found a moment ago in the same transaction). */
    get(id: string): Order {
      const order = find.get(id);
      if (!order) throw new Error(`Order ${id} is missing.`);
      return order;
    },
    byShopper: (shopperId: string) => byShopper.all(shopperId),
    /** The latest 100 orders of a storefront group's storefronts (null: of every group). */
    byGroup: (groupSlug: string | null) => byGroup.all({ group: groupSlug }),
    items: (orderId: string) => items.all(orderId),
    create(
      order: Pick<
        Order,
        'id' | 'shopperId' | 'storefrontSlug' | 'channel' | 'walletSlug' | 'totalFen' | 'placedAsOf' | 'host' | 'expiresAt'
      >,
      lines: OrderItem[],
      now: string,
    ): void {
      db.transaction(() => {
        insertOrder.run({ ...order, now });
        for (const line of lines) insertItem.run(order.id, line.productId, line.name, line.unitPriceFen, line.quantity);
      })();
    },
    /** Moves an order out of awaiting_payment; false if it had already left it. */
    settle: (id: string, status: OrderStatus, now: string) => setStatus.run({ id, status, now }).changes > 0,
    /** Puts a failed or expired order back to awaiting_payment, with `walletSlug`; false if it was not retryable. */
    reopen: (id: string, walletSlug: string, now: string, expiresAt: string) => reopen.run({ id, walletSlug, now, expiresAt }).changes > 0,
    /** Marks an order awaiting payment as scanned (awaiting confirmation); false if it was not awaiting payment or already scanned. */
    markScanned: (id: string, now: string) => markScanned.run({ id, now }).changes > 0,
    /** Cancels a failed or expired order; false if it was not. */
    giveUp: (id: string, now: string) => giveUp.run({ id, now }).changes > 0,
    /** The payment `scope` (who sent the key: person:<username> or shopper:<id>) made with `key`. */
    paymentByKey: (scope: string, key: string) => paymentByKey.get(scope, key),
    payments: (orderId: string) => paymentsOf.all(orderId),
    /** Whether any attempt was made to pay the order (one index probe, not its payments read). */
    hasPayments: (orderId: string) => anyPayment.get(orderId) !== undefined,
    /** Writes a payment and answers it as written (its row holds exactly these values, not read back). */
    insertPayment(p: NewPayment): Payment {
      const { lastInsertRowid } = insertPayment.run(p);
      const { orderId, walletSlug, idempotencyKey, requestHash, outcome, reasonCode, scannedWith } = p;
      return {
        id: Number(lastInsertRowid),
        orderId,
        walletSlug,
        idempotencyKey,
        requestHash,
        outcome,
        reasonCode,
        scannedWith,
        createdAt: p.now,
      };
    },
  };
}
export type OrderQueries = ReturnType<typeof orderQueries>;

/** The orders' expiry, in one place: which statuses expire (EXPIRING_STATUSES), which orders are due, and the move to `expired`. */
function expiryQueries(db: Db) {
  const statuses = JSON.stringify(EXPIRING_STATUSES);
  const open = `o.status IN (SELECT value FROM json_each(@statuses)) AND o.expires_at <= @through`;
  const due = query<Order, { statuses: string; through: string }>(
    db,
    `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE ${open} ORDER BY o.expires_at, o.id`,
    orderFrom,
  );
  const anyDue = query<number, { statuses: string; through: string }>(db, `SELECT 1 AS found FROM orders o WHERE ${open} LIMIT 1`, (row) =>
    int(row, 'found'),
  );
  const expire = db.prepare(`UPDATE orders SET status = 'expired', updated_at = @at
    WHERE id = @id AND status IN (SELECT value FROM json_each(@statuses))`);
  return {
    /** Orders still open (EXPIRING_STATUSES) whose expiry is at or before `through`, earliest first. */
    expiringThrough: (through: string) => due.all({ statuses, through }),
    /** Whether any open order's expiry is at or before `through` (a read: the timer writes only when something is due). */
    anyExpiring: (through: string) => anyDue.get({ statuses, through }) !== undefined,
    /** Moves an open order to `expired` at `at`; false if it had left the expiring statuses. */
    expire: (id: string, at: string) => expire.run({ id, at, statuses }).changes > 0,
  };
}
