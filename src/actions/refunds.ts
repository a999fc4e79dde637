import type { Order } from '../db/orders.ts';
import type { Refund } from '../db/refunds.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import { magicEffectOf } from '../domain/magic-amounts.ts';
import { mayRefund, refundRefusal, refundScopeOf } from '../domain/refunds.ts';
import type { Clock } from '../domain/time.ts';
import { recordRefund } from './webhook-outbox.ts';

export interface RefundInput {
  orderId: string;
  amountFen: number;
  note: string | null;
  actor: Actor;
  magicAmounts: boolean;
  /**
   * How many refunds the order had when the refunding person looked at it (the console's form sends
   * it): if another was made since, this one is refused (stale_version), so a form sent twice makes one refund.
   */
  expectedRefunds?: number | undefined;
}

/** Who may refund an order: an operator of its storefront's group, or an admin. Anyone else learns nothing of it. */
export function refundableOrder(repos: Repositories, orderId: string, actor: Actor): Order {
  const order = repos.orders.find(orderId);
  const { group } = refundScopeOf(actor);
  const ours = order !== undefined && (group === null || repos.catalog.storefrontOf(order.storefrontSlug).groupSlug === group);
  if (!order || !mayRefund(actor) || !ours) {
    throw new Refusal('not_found', 'There is no such order among your storefronts’ orders.');
  }
  return order;
}

/**
 * Refunds all or part of a paid order. The refund, the order's new status (read from its refunds)
 * and its refund.* webhook commit in one transaction; a refused one writes nothing. A refund-failing
 * magic amount records a failed refund (and refund.failed) instead.
 */
export function refundOrder(repos: Repositories, clock: Clock, input: RefundInput): { refund: Refund; order: Order } {
  const now = clock.now().toISOString();
  return repos.db
    .transaction(() => {
      const order = refundableOrder(repos, input.orderId, input.actor);
      const made = repos.refunds.ofOrder(order.id).length;
      if (input.expectedRefunds !== undefined && input.expectedRefunds !== made) {
        throw new Refusal(
          'stale_version',
          `This order has had ${made} refund${made === 1 ? '' : 's'} since you looked at it (${input.expectedRefunds}): see them below before refunding again.`,
          { currentVersion: made },
        );
      }
      const refused = refundRefusal(
        { status: order.storedStatus, totalFen: order.totalFen, refundedFen: order.refundedFen, paidAt: order.paidAt },
        input.amountFen,
        now,
      );
      if (refused) {
        throw new Refusal(refused.code, refused.message);
      }
      const effect = magicEffectOf(order.totalFen, input.magicAmounts);
      const failure = effect?.kind === 'refund_fails' ? effect.failure : null;
      const refund = repos.refunds.insert({
        orderId: order.id,
        amountFen: input.amountFen,
        status: failure ? 'failed' : 'succeeded',
        failureCode: failure,
        requestedBy: `person:${input.actor.username}`,
        note: input.note,
        createdAt: now,
      });
      recordRefund(repos, refund, now);
      return { refund, order: repos.orders.get(order.id) };
    })
    .immediate();
}
