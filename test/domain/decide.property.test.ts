import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketFor } from '../../src/domain/bucket.ts';
import { decideWallets, type CheckoutContext } from '../../src/domain/decide.ts';
import { CHANNELS, STATES, type IntegrationEvent, type IntegrationHistory } from '../../src/domain/model.ts';
import { anEvent, WALLETS } from '../support/events.ts';

const instant = fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2023-01-01') }).map((ms) => new Date(ms).toISOString());
const rulesArb = fc.record({
  rolloutPercent: fc.integer({ min: 0, max: 100 }),
  channels: fc.subarray([...CHANNELS]),
  minAmountFen: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
  maxAmountFen: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
  displayOrder: fc.integer({ min: 0, max: 5 }),
});
const eventArb = fc.record({
  toState: fc.constantFrom(...STATES),
  effectiveAt: instant,
  recordedAt: instant,
  cancelled: fc.boolean(),
  rules: rulesArb,
});
const historiesArb = fc.tuple(...WALLETS.map(() => fc.array(eventArb, { maxLength: 6 }))).map((perWallet) =>
  perWallet.map(
    (events, i): IntegrationHistory => ({
      integrationId: i + 1,
      storefrontSlug: 'kaola',
      walletSlug: WALLETS[i]!.slug,
      events: events.map(
        (e, j): IntegrationEvent =>
          anEvent({
            id: i * 100 + j + 1,
            integrationId: i + 1,
            toState: e.toState,
            effectiveAt: e.effectiveAt,
            recordedAt: e.recordedAt,
            rules: e.rules,
            status: e.cancelled ? 'cancelled' : 'active',
            cancelledAt: e.cancelled ? e.recordedAt : null,
          }),
      ),
    }),
  ),
);
const contextArb = fc.record({
  storefrontSlug: fc.constant('kaola'),
  storefrontName: fc.constant('Kaola'),
  shopperId: fc.string({ minLength: 1, maxLength: 24 }),
  channel: fc.constantFrom(...CHANNELS),
  amountFen: fc.integer({ min: 1, max: 200_000 }),
  at: instant,
}) satisfies fc.Arbitrary<CheckoutContext>;

describe('decision properties', () => {
  it('the same input always decides the same', () => {
    fc.assert(
      fc.property(contextArb, historiesArb, (ctx, histories) => {
        const first = decideWallets(ctx, WALLETS, histories);
        const again = decideWallets(structuredClone(ctx), structuredClone(WALLETS), structuredClone(histories));
        expect(again).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('a wallet whose state is not live is never shown', () => {
    fc.assert(
      fc.property(contextArb, historiesArb, (ctx, histories) => {
        for (const decision of decideWallets(ctx, WALLETS, histories)) {
          if (decision.state !== 'live') expect(decision.shown).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('raising a rollout percentage never hides a wallet that was shown', () => {
    fc.assert(
      fc.property(contextArb, rulesArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (ctx, rules, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const history = (rolloutPercent: number): IntegrationHistory[] => [
          {
            integrationId: 1,
            storefrontSlug: 'kaola',
            walletSlug: 'wechat-pay',
            events: [anEvent({ toState: 'live', effectiveAt: '2019-01-01T00:00:00.000Z', rules: { ...rules, rolloutPercent } })],
          },
        ];
        const wechat = (p: number) => decideWallets(ctx, WALLETS, history(p)).find((d) => d.wallet === 'wechat-pay')!;
        if (wechat(low).shown) expect(wechat(high).shown).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('buckets are sticky, within 0-99, and split shoppers evenly enough', () => {
    fc.assert(
      fc.property(fc.string(), (shopper) => {
        const bucket = bucketFor(shopper, 'idle-fish', 'wechat-pay');
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(100);
        expect(bucketFor(shopper, 'idle-fish', 'wechat-pay')).toBe(bucket);
      }),
    );
    const inHalf = Array.from({ length: 1000 }, (_, i) => bucketFor(`shopper-${i}`, 'idle-fish', 'wechat-pay') < 50).filter(Boolean).length;
    expect(inHalf).toBeGreaterThanOrEqual(400);
    expect(inHalf).toBeLessThanOrEqual(600);
  });
});
