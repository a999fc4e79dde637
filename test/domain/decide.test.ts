import { describe, expect, it } from 'vitest';
import { bucketFor } from '../../src/domain/bucket.ts';
import { decideWallets, type CheckoutContext, type HostWall } from '../../src/domain/decide.ts';
import type { IntegrationEvent } from '../../src/domain/model.ts';
import { REASON_CODES, type ReasonCode } from '../../src/domain/reasons.ts';
import { anEvent, rules, WALLETS } from '../support/events.ts';

const ctx: CheckoutContext = {
  storefrontSlug: 'idle-fish',
  storefrontName: 'Idle Fish',
  shopperId: 'shopper-1',
  channel: 'app',
  amountFen: 12_000,
  at: '2021-10-15T12:00:00.000Z',
};

/** A host that walls WeChat Pay out (made up for the test: the record's wall is WeChat's, on Alipay). */
const DOUYIN_WALL: HostWall = { host: 'douyin', hostName: 'Douyin', wallet: 'wechat-pay', reason: 'Douyin takes its own wallet only' };

function decideWeChat(events: IntegrationEvent[], overrides: Partial<CheckoutContext> = {}) {
  const decisions = decideWallets(
    { ...ctx, ...overrides },
    WALLETS,
    [{ integrationId: 1, storefrontSlug: 'idle-fish', walletSlug: 'wechat-pay', events }],
    [DOUYIN_WALL],
  );
  return decisions.find((d) => d.wallet === 'wechat-pay')!;
}

const live = (r = rules()) => anEvent({ toState: 'live', rules: r, effectiveAt: '2021-09-20T00:00:00.000Z' });
// A bucket that is in a 50 % rollout for this shopper, and one that is not, found by search (stable hash).
const inBucket = bucketFor('shopper-1', 'idle-fish', 'wechat-pay');

const cases: { reason: ReasonCode; events: IntegrationEvent[]; overrides?: Partial<CheckoutContext>; says: RegExp }[] = [
  { reason: 'SHOWN', events: [live()], says: /available/ },
  { reason: 'NOT_REQUESTED', events: [], says: /^No report yet of WeChat Pay offered or asked for at Idle Fish/ },
  {
    reason: 'PENDING_PROVIDER_APPROVAL',
    events: [anEvent({ toState: 'requested', verb: 'request' })],
    says: /awaiting Tencent's approval/,
  },
  {
    reason: 'APPROVED_NOT_LIVE',
    events: [anEvent({ toState: 'approved', verb: 'approve' })],
    says: /Approved by Tencent, but Idle Fish has not launched it yet/,
  },
  {
    reason: 'SCHEDULED',
    events: [
      anEvent({ toState: 'approved', verb: 'approve' }),
      anEvent({ toState: 'live', recordedAt: '2021-10-01T00:00:00.000Z', effectiveAt: '2021-11-11T00:00:00.000Z' }),
    ],
    says: /goes live on 11 Nov 2021, 00:00 UTC/,
  },
  {
    reason: 'REJECTED',
    events: [anEvent({ toState: 'rejected', verb: 'reject', reason: 'KYB documents missing' })],
    says: /Tencent declined the request: KYB documents missing/,
  },
  {
    reason: 'SUSPENDED',
    events: [anEvent({ toState: 'suspended', verb: 'suspend', actor: 'tencent.reviewer', reason: 'Fraud spike' })],
    says: /Suspended by tencent.reviewer: Fraud spike/,
  },
  {
    reason: 'OUT_OF_ROLLOUT',
    events: [live(rules({ rolloutPercent: inBucket }))],
    says: new RegExp(`rolling out to ${inBucket}% of shoppers; this shopper \\(bucket ${inBucket}\\)`),
  },
  {
    reason: 'CHANNEL_UNSUPPORTED',
    events: [live(rules({ channels: ['app', 'mini_program'] }))],
    overrides: { channel: 'desktop_web' },
    says: /not offered on Desktop web here \(only: App, Mini-program\)/,
  },
  { reason: 'AMOUNT_BELOW_MIN', events: [live(rules({ minAmountFen: 20_000 }))], says: /at least ¥200.00/ },
  { reason: 'AMOUNT_ABOVE_MAX', events: [live(rules({ maxAmountFen: 5_000 }))], says: /at most ¥50.00/ },
  {
    reason: 'HOST_APP_BLOCKS',
    events: [live()],
    overrides: { host: 'douyin', hostName: 'Douyin', channel: 'in_app_browser' },
    says: /^Opened in Douyin, which walls WeChat Pay out: Douyin takes its own wallet only\.$/,
  },
];

describe('decideWallets gives one reason per wallet', () => {
  it('covers every reason code in this table', () => {
    expect(new Set(cases.map((c) => c.reason))).toEqual(new Set(REASON_CODES));
  });

  it.each(cases)('$reason', ({ reason, events, overrides, says }) => {
    const decision = decideWeChat(events, overrides);
    expect(decision.reason).toBe(reason);
    expect(decision.shown).toBe(reason === 'SHOWN');
    expect(decision.message).toMatch(says);
  });
});

describe('decideWallets inside a host app', () => {
  it("applies a wall only inside its own host, and adds the storefront's own reason so the sentence says whose each is", () => {
    expect(decideWeChat([live()], { host: 'wechat', hostName: 'WeChat', channel: 'in_app_browser' }).reason).toBe('SHOWN');
    const both = decideWeChat([], { host: 'douyin', hostName: 'Douyin', channel: 'in_app_browser' });
    expect(both.message).toBe(
      'Opened in Douyin, which walls WeChat Pay out: Douyin takes its own wallet only. Apart from that: No report yet of WeChat Pay offered or asked for at Idle Fish: the simulator assumes the walled-garden default (not requested).',
    );
    const own = decideWeChat([], { host: 'wechat', hostName: 'WeChat', channel: 'in_app_browser' });
    expect(own).toMatchObject({
      reason: 'NOT_REQUESTED',
      message:
        "No report yet of WeChat Pay offered or asked for at Idle Fish: the simulator assumes the walled-garden default (not requested). (Idle Fish's own setting; WeChat does not wall WeChat Pay out.)",
      basis: 'assumed',
    });
  });

  it('reads the in-app browser as mobile web for the channel rule', () => {
    expect(decideWeChat([live(rules({ channels: ['mobile_web'] }))], { channel: 'in_app_browser' }).reason).toBe('SHOWN');
    expect(decideWeChat([live(rules({ channels: ['app'] }))], { channel: 'in_app_browser' }).reason).toBe('CHANNEL_UNSUPPORTED');
  });

  it('names the in-app browser, and the channels the wallet is offered on, when it is not offered there', () => {
    expect(decideWeChat([live(rules({ channels: ['app', 'desktop_web'] }))], { channel: 'in_app_browser' }).message).toBe(
      'WeChat Pay is not offered on In-app browser here (only: App, Desktop web).',
    );
  });
});

describe('decideWallets over time', () => {
  const history = [
    anEvent({ toState: 'requested', verb: 'request', effectiveAt: '2021-09-14T00:00:00.000Z' }),
    anEvent({ toState: 'approved', verb: 'approve', effectiveAt: '2021-09-16T00:00:00.000Z' }),
    anEvent({ toState: 'live', verb: 'launch', effectiveAt: '2021-09-20T00:00:00.000Z' }),
  ];

  it('derives the state at the decision time from the events effective by then', () => {
    expect(decideWeChat(history, { at: '2021-08-01T00:00:00.000Z' }).reason).toBe('NOT_REQUESTED');
    expect(decideWeChat(history, { at: '2021-09-15T00:00:00.000Z' }).reason).toBe('PENDING_PROVIDER_APPROVAL');
    expect(decideWeChat(history, { at: '2021-09-19T23:59:59.999Z' }).reason).toBe('APPROVED_NOT_LIVE');
    expect(decideWeChat(history, { at: '2021-09-20T00:00:00.000Z' }).reason).toBe('SHOWN');
  });

  it('turns a scheduled launch on by itself once its time comes', () => {
    const scheduled = [
      anEvent({ toState: 'approved', verb: 'approve' }),
      anEvent({ toState: 'live', recordedAt: '2021-10-01T00:00:00.000Z', effectiveAt: '2021-11-11T00:00:00.000Z' }),
    ];
    expect(decideWeChat(scheduled, { at: '2021-11-10T23:59:59.000Z' }).reason).toBe('SCHEDULED');
    expect(decideWeChat(scheduled, { at: '2021-11-11T00:00:00.000Z' }).reason).toBe('SHOWN');
  });

  it('ignores a cancelled scheduled launch', () => {
    const cancelled = [
      anEvent({ toState: 'approved', verb: 'approve' }),
      anEvent({
        toState: 'live',
        recordedAt: '2021-10-01T00:00:00.000Z',
        effectiveAt: '2021-11-11T00:00:00.000Z',
        status: 'cancelled',
        cancelledAt: '2021-10-05T00:00:00.000Z',
      }),
    ];
    expect(decideWeChat(cancelled, { at: '2021-10-02T00:00:00.000Z' }).reason).toBe('SCHEDULED');
    expect(decideWeChat(cancelled, { at: '2021-10-06T00:00:00.000Z' }).reason).toBe('APPROVED_NOT_LIVE');
    expect(decideWeChat(cancelled, { at: '2021-12-01T00:00:00.000Z' }).reason).toBe('APPROVED_NOT_LIVE');
  });

  it('does not know at an earlier time about a change recorded later', () => {
    const later = [
      anEvent({ toState: 'approved', verb: 'approve' }),
      anEvent({ toState: 'live', recordedAt: '2021-10-20T00:00:00.000Z', effectiveAt: '2021-11-11T00:00:00.000Z' }),
    ];
    expect(decideWeChat(later, { at: '2021-10-15T00:00:00.000Z' }).reason).toBe('APPROVED_NOT_LIVE');
  });
});

describe('display order', () => {
  it('returns every wallet, ordered by the integration display order', () => {
    const decisions = decideWallets(ctx, WALLETS, [
      { integrationId: 1, storefrontSlug: 'idle-fish', walletSlug: 'wechat-pay', events: [live(rules({ displayOrder: 0 }))] },
      { integrationId: 2, storefrontSlug: 'idle-fish', walletSlug: 'alipay', events: [live(rules({ displayOrder: 5 }))] },
    ]);
    expect(decisions.map((d) => d.wallet)).toEqual(['wechat-pay', 'unionpay-qr', 'alipay']);
  });
});
