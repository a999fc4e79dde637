import { outboxCounter } from '../db/due-outbox.ts';
import type { Order } from '../db/orders.ts';
import type { Repositories } from '../db/repositories.ts';
import { inDueOrder, keptSince, nothingDue, type DueChange, type DueExpiry, type DueReport } from '../domain/due-items.ts';
import { INTEGRATION_EVENT_OF } from '../domain/webhooks.ts';
import { announceChange, changesDue, markAnnouncedThrough, type ChangeTakingEffect } from './scheduled-changes.ts';
import { recordOrderExpired } from './webhook-outbox.ts';

/** What is due by `through`. */
interface Due {
  changes: ChangeTakingEffect[];
  marks: boolean;
  orders: Order[];
  keys: boolean;
}

function dueBy(repos: Repositories, through: string): Due {
  return {
    ...changesDue(repos, through),
    orders: repos.orders.expiringThrough(through),
    keys: repos.idempotency.anyExpired(keptSince(through)),
  };
}

/** Whether anything is due by `through`, by reads that stop at the first one found. */
function anythingDue(repos: Repositories, through: string): boolean {
  const { changes, marks } = changesDue(repos, through);
  return marks || changes.length > 0 || repos.orders.anyExpiring(through) || repos.idempotency.anyExpired(keptSince(through));
}

const dueChange = (change: ChangeTakingEffect): DueChange => ({
  kind: 'change',
  at: change.effectiveAt,
  eventId: change.id,
  storefront: change.storefront,
  wallet: change.wallet,
  verb: change.verb,
  type: INTEGRATION_EVENT_OF[change.verb],
  toState: change.toState,
  sourceFile: change.sourceFile,
});

const dueExpiry = (order: Order & { expiresAt: string }): DueExpiry => ({
  kind: 'order_expiry',
  at: order.expiresAt,
  orderId: order.id,
  storefront: order.storefrontSlug,
  wallet: order.walletSlug,
});

/** Applies what is due, in time order, inside the caller's transaction; what it applied. */
function applyInTransaction(repos: Repositories, through: string): DueReport {
  const due = dueBy(repos, through);
  const outbox = outboxCounter(repos.db);
  const before = outbox.mark();
  const events = new Map(due.changes.map((change) => [change.id, change]));
  const orders = new Map(due.orders.map((order) => [order.id, order]));
  const report = nothingDue(through);
  const expiring = due.orders.filter((order): order is Order & { expiresAt: string } => order.expiresAt !== null);
  for (const item of inDueOrder([...due.changes.map(dueChange), ...expiring.map(dueExpiry)])) {
    if (item.kind === 'change') {
      const change = events.get(item.eventId);
      if (!change) continue;
      announceChange(repos, change);
      report.changes.push(item);
    } else {
      const order = orders.get(item.orderId);
      if (!order || !repos.orders.expire(order.id, item.at)) continue;
      recordOrderExpired(repos, { ...order, status: 'expired', updatedAt: item.at }, item.at);
      report.ordersExpired.push(item);
    }
  }
  if (due.marks) markAnnouncedThrough(repos, through);
  if (due.keys) report.keysDropped = repos.idempotency.dropExpired(keptSince(through));
  report.messages = outbox.writtenSince(before);
  return report;
}

/**
 * Applies everything due in a world by `through`, in time order and in one transaction with its
 * events and webhook outbox rows: changes that take effect (scheduled, or the record's events
 * whose day comes), orders whose cashier expires (→ `expired`, order.expired), idempotency keys
 * past their 24 hours. The default world's timer calls it with real time, a sandbox's clock move
 * with the new instant (inside the move's transaction: then it is a savepoint of it). When nothing
 * is due it only reads.
 */
export function applyDue(repos: Repositories, through: string): DueReport {
  if (!anythingDue(repos, through)) return nothingDue(through);
  return repos.db.transaction(() => applyInTransaction(repos, through)).immediate();
}
