import type { Db } from './open.ts';
import { int, maybeText, oneOf, query, text, type Row } from './rows.ts';

export const REFUND_STATUSES = ['succeeded', 'failed'] as const;

export interface Refund {
  id: number;
  orderId: string;
  amountFen: number;
  status: (typeof REFUND_STATUSES)[number];
  /** Why it failed (null when it succeeded). */
  failureCode: string | null;
  /** Who asked: person:<username>. */
  requestedBy: string;
  note: string | null;
  createdAt: string;
}

const COLUMNS = `id, order_id AS orderId, amount_fen AS amountFen, status, failure_code AS failureCode,
  requested_by AS requestedBy, note, created_at AS createdAt`;

function refundFrom(row: Row): Refund {
  return {
    id: int(row, 'id'),
    orderId: text(row, 'orderId'),
    amountFen: int(row, 'amountFen'),
    status: oneOf(row, 'status', REFUND_STATUSES),
    failureCode: maybeText(row, 'failureCode'),
    requestedBy: text(row, 'requestedBy'),
    note: maybeText(row, 'note'),
    createdAt: text(row, 'createdAt'),
  };
}

/** Refunds of paid orders: written once, never changed. */
export function refundQueries(db: Db) {
  const ofOrder = query<Refund, [string]>(db, `SELECT ${COLUMNS} FROM refunds WHERE order_id = ? ORDER BY id`, refundFrom);
  const insert = query<Refund, [Omit<Refund, 'id'>]>(
    db,
    `INSERT INTO refunds (order_id, amount_fen, status, failure_code, requested_by, note, created_at)
    VALUES (@orderId, @amountFen, @status, @failureCode, @requestedBy, @note, @createdAt) RETURNING ${COLUMNS}`,
    refundFrom,
  );
  const refundedByWallet = query<{ walletSlug: string; refunds: number; refundedFen: number }, []>(
    db,
    `SELECT p.wallet_slug AS walletSlug, count(*) AS refunds, sum(r.amount_fen) AS refundedFen
    FROM refunds r JOIN payments p ON p.order_id = r.order_id AND p.outcome = 'succeeded'
    WHERE r.status = 'succeeded' GROUP BY p.wallet_slug ORDER BY p.wallet_slug`,
    (row) => ({ walletSlug: text(row, 'walletSlug'), refunds: int(row, 'refunds'), refundedFen: int(row, 'refundedFen') }),
  );
  return {
    ofOrder: (orderId: string) => ofOrder.all(orderId),
    insert: (refund: Omit<Refund, 'id'>) => insert.one(refund),
    /** Successful refunds and the fen they gave back, per wallet the order was paid with. */
    refundedByWallet: () => refundedByWallet.all(),
  };
}
export type RefundQueries = ReturnType<typeof refundQueries>;
