/**
 * Refunds: the rules a refund request is checked against, pure. The window is Hutong's choice
 * (wallets set their own, often months or a year): 180 days after the payment.
 */
export const REFUND_WINDOW_DAYS = 180;

/** Who may refund: operators (their group's orders) and admins (every order). */
export function mayRefund(actor: { role: string }): boolean {
  return actor.role === 'operator' || actor.role === 'admin';
}

/** The storefront group whose orders `actor` sees in the console: null for every group (an admin). */
export function refundScopeOf(actor: { role: string; groupSlug: string | null }): { group: string | null } {
  return actor.role === 'admin' ? { group: null } : { group: actor.groupSlug ?? '' };
}

export const REFUND_REFUSALS = ['order_not_paid', 'refund_exceeds_paid', 'refund_window_passed'] as const;
export type RefundRefusal = (typeof REFUND_REFUSALS)[number];

export interface RefundState {
  /** The order's stored status: only a paid one may be refunded. */
  status: string;
  totalFen: number;
  /** What succeeded refunds gave back so far. */
  refundedFen: number;
  /** When the successful payment was made (null: none). */
  paidAt: string | null;
}

const DAY_MS = 86_400_000;

/** Why this refund may not be made, with the sentence to show, or null if it may. */
export function refundRefusal(order: RefundState, amountFen: number, now: string): { code: RefundRefusal; message: string } | null {
  if (order.status !== 'paid' || order.paidAt === null) {
    return { code: 'order_not_paid', message: 'Only a paid order can be refunded.' };
  }
  if (Date.parse(now) - Date.parse(order.paidAt) > REFUND_WINDOW_DAYS * DAY_MS) {
    return {
      code: 'refund_window_passed',
      message: `The refund window (${REFUND_WINDOW_DAYS} days after payment, Hutong's choice) has passed.`,
    };
  }
  const left = order.totalFen - order.refundedFen;
  if (amountFen > left) {
    return { code: 'refund_exceeds_paid', message: `At most ${left} fen is left to refund on this order.` };
  }
  return null;
}

/** The order's status as shown: a paid order with refunds is partially_refunded or refunded. */
export function refundStatusOf(totalFen: number, refundedFen: number): 'paid' | 'partially_refunded' | 'refunded' {
  if (refundedFen <= 0) return 'paid';
  return refundedFen >= totalFen ? 'refunded' : 'partially_refunded';
}

/** The order's status as everyone sees it, from what is stored: scanned, refunded, or the stored status. */
export function shownOrderStatus<S extends string>(
  stored: S,
  scanned: boolean,
  totalFen: number,
  refundedFen: number,
): S | 'paid' | 'awaiting_confirmation' | 'partially_refunded' | 'refunded' {
  if (stored === 'awaiting_payment' && scanned) return 'awaiting_confirmation';
  if (stored === 'paid') return refundStatusOf(totalFen, refundedFen);
  return stored;
}
