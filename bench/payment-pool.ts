import { randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';
import { placeOrders, type PendingOrder } from './prepare.ts';

/**
 * The orders awaiting payment that the payment run pays, one a request. It is filled before the
 * run from the warm-up's rate, and refilled while the run goes (through the same routes a shopper
 * uses) whenever fewer than `lowWater` are left, so a measured run faster than its warm-up never
 * runs out. Should it still run dry (the refill lagging), a request pays an order already paid
 * (a refusal, counted apart) rather than stopping the run.
 */
export function paymentPool(baseUrl: string, slug: string, initial: PendingOrder[]) {
  const orders = [...initial];
  let next = 0;
  let dry = 0;
  let placedWhileRunning = 0;
  let refilling: Promise<void> | undefined;
  let lowWater = 0;
  let batch = 0;
  let failure: unknown;

  function refillIfLow(): void {
    if (refilling || lowWater === 0 || orders.length - next >= lowWater) return;
    refilling = placeOrders(baseUrl, slug, batch, 8)
      .then((placed) => {
        orders.push(...placed);
        placedWhileRunning += placed.length;
      })
      .catch((error: unknown) => {
        failure = error;
      })
      .finally(() => {
        refilling = undefined;
      });
  }

  function take(): PendingOrder | undefined {
    const order = orders[next];
    if (order) next += 1;
    else dry += 1;
    refillIfLow();
    return order;
  }

  return {
    remaining: () => orders.length - next,
    /** Places orders until `count` are waiting. */
    async fillTo(count: number): Promise<void> {
      const missing = count - (orders.length - next);
      if (missing > 0) orders.push(...(await placeOrders(baseUrl, slug, missing)));
    },
    /** From now on, keep at least `min` waiting (placing `step` at a time). */
    keepAtLeast(min: number, step: number): void {
      lowWater = min;
      batch = step;
    },
    /** Stops refilling and waits for a refill under way; a refill that failed is thrown here. */
    async stop(): Promise<{ placedWhileRunning: number; dry: number }> {
      lowWater = 0;
      await refilling;
      if (failure) throw failure;
      return { placedWhileRunning, dry };
    },
    /** Each POST pays the next order with a fresh idempotency key, as a shopper's form would. */
    target(): Pick<autocannon.Options, 'url' | 'requests'> {
      let last: PendingOrder | undefined = orders[0];
      return {
        url: baseUrl,
        requests: [
          {
            method: 'POST',
            setupRequest(req) {
              const order = take() ?? last;
              if (!order) throw new Error('the payment run has no order at all to pay');
              last = order;
              const body = new URLSearchParams({
                _csrf: order.shopper.csrf,
                idempotencyKey: randomBytes(18).toString('base64url'),
                wallet: order.wallet,
                outcome: 'succeeded',
              }).toString();
              return {
                ...req,
                method: 'POST' as const,
                path: `/orders/${order.id}/payments`,
                body,
                headers: { cookie: order.shopper.cookie, 'content-type': 'application/x-www-form-urlencoded' },
              };
            },
          },
        ],
      };
    },
  };
}
