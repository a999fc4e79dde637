/**
 * What falls due when a world's clock passes a time: a change recorded for later (or a record's
 * event whose day comes), an order whose cashier expires, an idempotency key past its 24 hours.
 * A sandbox's clock move and the default world's timer apply the same items, in time order.
 */

/** How long an Idempotency-Key is kept, on the world's clock. */
export const KEY_KEPT_MS = 24 * 60 * 60 * 1000;

/** The instant before which a key is no longer kept at `now` (a key made exactly then still is). */
export function keptSince(now: string): string {
  return new Date(Date.parse(now) - KEY_KEPT_MS).toISOString();
}

/** A change that took effect: an integration's event (scheduled, or the record's), announced as its webhook. */
export interface DueChange {
  kind: 'change';
  at: string;
  eventId: number;
  storefront: string;
  wallet: string;
  verb: string;
  /** The webhook it is announced as: integration.launched, … */
  type: string;
  toState: string;
  /** The record's article(s) the event comes from, or null for a change someone made. */
  sourceFile: string | null;
}

/** An order left unpaid past its cashier's expiry. */
export interface DueExpiry {
  kind: 'order_expiry';
  at: string;
  orderId: string;
  storefront: string;
  wallet: string;
}

export type DueItem = DueChange | DueExpiry;

/** Of two items due at the same instant, a change comes first: an order expires in the world as it then stands. */
const RANK: Record<DueItem['kind'], number> = { change: 0, order_expiry: 1 };

const idOf = (item: DueItem): string => (item.kind === 'change' ? String(item.eventId).padStart(12, '0') : item.orderId);

/** The items in the order they are applied: by due time, then changes before expiries, then by id (stable). */
export function inDueOrder(items: readonly DueItem[]): DueItem[] {
  return [...items].sort((a, b) => {
    if (a.at !== b.at) return a.at < b.at ? -1 : 1;
    if (a.kind !== b.kind) return RANK[a.kind] - RANK[b.kind];
    const [x, y] = [idOf(a), idOf(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** What one sweep applied through an instant. */
export interface DueReport {
  through: string;
  /** Changes that took effect, in time order. */
  changes: DueChange[];
  /** Orders moved to `expired`, in time order. */
  ordersExpired: DueExpiry[];
  /** Idempotency keys dropped (past their 24 hours). */
  keysDropped: number;
  /** Webhook messages written to the outbox by the sweep (one per subscribed endpoint and event). */
  messages: number;
}

export const nothingDue = (through: string): DueReport => ({ through, changes: [], ordersExpired: [], keysDropped: 0, messages: 0 });

/**
 * A sandbox's clock move: from where to where, and what fell due on the way. Whatever else the
 * move does (the webhook attempts that fall due) adds its own fields.
 */
export interface ClockMoveReport extends DueReport {
  from: string;
  to: string;
  /** The webhook attempts that fell due on the way, made after the move's transaction commits. */
  webhooks: WebhookAttempts;
}

/** Webhook attempts made through an instant: how many, and how they ended. */
export interface WebhookAttempts {
  attempted: number;
  delivered: number;
  /** Failed, with another attempt scheduled. */
  retried: number;
  /** Failed for good (the schedule's last attempt, a 410, a refused target). */
  failed: number;
}

export const NO_ATTEMPTS: WebhookAttempts = { attempted: 0, delivered: 0, retried: 0, failed: 0 };
