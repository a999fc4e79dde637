import { describe, expect, it } from 'vitest';
import { payOrder, placeOrderForItems, retryOrder } from '../../src/actions/orders.ts';
import { groupCommit } from '../../src/db/group-commit.ts';
import { createRepositories } from '../../src/db/repositories.ts';
import { reviewQueries } from '../../src/db/review.ts';
import { countAttempts, type Attempt } from '../../src/domain/review/attempts.ts';
import { TestClock } from '../support/clock.ts';
import { newWorld } from '../support/world.ts';

const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('the per-attempt aggregates (0023)', () => {
  it('kept by the trigger as payments are written, they equal counting each order’s attempts', async () => {
    const world = newWorld({ scenario: 'open' });
    try {
      const clock = new TestClock('2026-11-22T09:00:00.000Z');
      const repos = createRepositories(world.db, clock);
      const batch = groupCommit(world.db);
      const product = repos.catalog.products('eleme')[0]!;
      // Each order: a list of (wallet, outcome, reason); every attempt but the last fails, so the order can be retried.
      const plans: Attempt[][] = [
        [
          { wallet: 'alipay', outcome: 'declined', reason: 'BALANCE_NOT_ENOUGH' },
          { wallet: 'wechat-pay', outcome: 'succeeded', reason: '' },
        ],
        [
          { wallet: 'wechat-pay', outcome: 'expired', reason: 'QR_CODE_EXPIRED' },
          { wallet: 'wechat-pay', outcome: 'succeeded', reason: '' },
        ],
        [
          { wallet: 'unionpay-qr', outcome: 'declined', reason: 'RISK_CONTROL' },
          { wallet: 'alipay', outcome: 'declined', reason: 'ACCOUNT_FROZEN' },
          { wallet: 'unionpay-qr', outcome: 'succeeded', reason: '' },
        ],
        [{ wallet: 'alipay', outcome: 'cancelled', reason: 'SHOPPER_CANCELLED' }],
        [{ wallet: 'alipay', outcome: 'succeeded', reason: '' }],
      ];
      let key = 0;
      for (const [i, plan] of plans.entries()) {
        const shopperId = `attempts-${i}`;
        const { order } = placeOrderForItems(repos, clock, {
          storefrontSlug: 'eleme',
          shopperId,
          channel: 'app',
          walletSlug: plan[0]!.wallet,
          items: [{ productId: product.id, quantity: 1 }],
        });
        for (const [n, attempt] of plan.entries()) {
          if (n > 0) retryOrder(repos, clock, { orderId: order.id, shopperId, walletSlug: attempt.wallet });
          await payOrder(repos, clock, batch, {
            orderId: order.id,
            shopperId,
            walletSlug: attempt.wallet,
            outcome: attempt.outcome,
            reason: attempt.reason || null,
            scanWith: null,
            idempotencyKey: `attempts-key-${++key}-0000`,
            sentBy: { shopper: shopperId },
          });
        }
      }
      const expected = countAttempts(plans);
      const review = reviewQueries(world.db);
      expect(sorted(review.attemptCounts())).toEqual(sorted(expected.counts));
      expect(sorted(review.walletSwitches())).toEqual(sorted(expected.switches));
      expect(sorted(review.firstChoices())).toEqual(sorted(expected.firstChoices));
    } finally {
      world.close();
    }
  });
});
