import { describe, expect, it } from 'vitest';
import { bucketFor } from '../../src/domain/bucket.ts';
import { decideWallets, type CheckoutContext } from '../../src/domain/decide.ts';
import type { IntegrationEvent, Rules } from '../../src/domain/model.ts';
import { anEvent, rules, WALLETS } from '../support/events.ts';

const ctx: CheckoutContext = {
  storefrontSlug: 'eleme',
  storefrontName: 'Ele.me',
  shopperId: 'shopper-7',
  channel: 'app',
  amountFen: 12_000,
  at: '2021-10-15T12:00:00.000Z',
};
const live = (r: Rules): IntegrationEvent => anEvent({ toState: 'live', rules: r, effectiveAt: '2021-09-20T00:00:00.000Z' });

function weChat(events: IntegrationEvent[], overrides: Partial<CheckoutContext> = {}) {
  const decisions = decideWallets({ ...ctx, ...overrides }, WALLETS, [
    { integrationId: 1, storefrontSlug: 'eleme', walletSlug: 'wechat-pay', events },
  ]);
  const decision = decisions.find((d) => d.wallet === 'wechat-pay');
  if (!decision) throw new Error('no WeChat Pay decision');
  return decision;
}

describe('amount limits at checkout', () => {
  const limited = [live(rules({ minAmountFen: 1_000, maxAmountFen: 20_000 }))];

  it('shows the wallet for an amount inside its limits', () => {
    expect(weChat(limited, { amountFen: 12_000 }).reason).toBe('SHOWN');
  });

  it('shows the wallet for an amount exactly at the minimum, and hides it one fen below', () => {
    expect(weChat(limited, { amountFen: 1_000 }).reason).toBe('SHOWN');
    expect(weChat(limited, { amountFen: 999 })).toMatchObject({
      shown: false,
      reason: 'AMOUNT_BELOW_MIN',
      message: 'WeChat Pay needs an order of at least ¥10.00.',
    });
  });

  it('shows the wallet for an amount exactly at the maximum, and hides it one fen above', () => {
    expect(weChat(limited, { amountFen: 20_000 }).reason).toBe('SHOWN');
    expect(weChat(limited, { amountFen: 20_001 })).toMatchObject({
      shown: false,
      reason: 'AMOUNT_ABOVE_MAX',
      message: 'WeChat Pay takes orders of at most ¥200.00.',
    });
  });

  it('has no limit when none is set, however small or large the order', () => {
    expect(weChat([live(rules())], { amountFen: 0 }).reason).toBe('SHOWN');
    expect(weChat([live(rules())], { amountFen: 99_999_999 }).reason).toBe('SHOWN');
  });
});

describe('rollout and channels at checkout', () => {
  const bucket = bucketFor('shopper-7', 'eleme', 'wechat-pay');

  it('shows the wallet to a shopper whose bucket is just inside the percentage, with the bucket', () => {
    expect(weChat([live(rules({ rolloutPercent: bucket + 1 }))])).toMatchObject({
      shown: true,
      reason: 'SHOWN',
      bucket,
      message: 'WeChat Pay is available.',
    });
    expect(weChat([live(rules({ rolloutPercent: bucket }))])).toMatchObject({ shown: false, reason: 'OUT_OF_ROLLOUT', bucket });
  });

  it('has no bucket before the integration is live', () => {
    expect(weChat([anEvent({ toState: 'approved', verb: 'approve' })]).bucket).toBeNull();
  });

  it('checks the channel before the amount', () => {
    const decision = weChat([live(rules({ channels: ['app'], minAmountFen: 50_000 }))], { channel: 'mobile_web' });
    expect(decision).toMatchObject({ reason: 'CHANNEL_UNSUPPORTED', message: 'WeChat Pay is not offered on Mobile web here (only: App).' });
  });
});

describe('what a decision says about time', () => {
  it('says since when the wallet has been in its state, and no go-live time unless scheduled', () => {
    const decision = weChat([live(rules())]);
    expect(decision).toMatchObject({ since: '2021-09-20T00:00:00.000Z', goesLiveAt: null, state: 'live' });
  });

  it('gives the go-live time of a scheduled launch', () => {
    const decision = weChat([
      anEvent({ toState: 'approved', verb: 'approve', effectiveAt: '2021-09-01T00:00:00.000Z' }),
      anEvent({ toState: 'live', recordedAt: '2021-10-01T00:00:00.000Z', effectiveAt: '2021-11-11T00:00:00.000Z' }),
    ]);
    expect(decision).toMatchObject({ reason: 'SCHEDULED', goesLiveAt: '2021-11-11T00:00:00.000Z', since: '2021-09-01T00:00:00.000Z' });
  });

  it('does not call an approved integration scheduled when what is pending is not a launch', () => {
    const decision = weChat([
      anEvent({ toState: 'approved', verb: 'approve', effectiveAt: '2021-09-01T00:00:00.000Z' }),
      anEvent({
        toState: 'not_requested',
        verb: 'revoke',
        recordedAt: '2021-10-01T00:00:00.000Z',
        effectiveAt: '2021-11-11T00:00:00.000Z',
      }),
    ]);
    expect(decision).toMatchObject({ reason: 'APPROVED_NOT_LIVE', goesLiveAt: null });
  });

  it('says who suspended and why, or that an operator did when nobody is named', () => {
    expect(weChat([anEvent({ toState: 'suspended', verb: 'suspend', actor: 'ele.ops', reason: '' })]).message).toBe(
      'Suspended by ele.ops.',
    );
    expect(weChat([anEvent({ toState: 'rejected', verb: 'reject', reason: '' })]).message).toBe('Tencent declined the request.');
  });

  it("gives a wallet nobody asked for the wallet's own display order", () => {
    expect(weChat([]).rules.displayOrder).toBe(2);
    expect(weChat([], {}).since).toBeNull();
  });
});
