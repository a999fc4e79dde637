import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import {
  mayManage,
  mayReceive,
  ownerFor,
  subjectKindOf,
  type WebhookOwner,
  type WebhookSubject,
} from '../../src/domain/webhook-audience.ts';
import { EVENT_TYPES } from '../../src/domain/webhooks.ts';

const actor = (role: Actor['role'], scope: Partial<Pick<Actor, 'groupSlug' | 'providerSlug'>> = {}): Actor => ({
  username: `${role}.${scope.groupSlug ?? scope.providerSlug ?? 'x'}`,
  displayName: role,
  role,
  groupSlug: scope.groupSlug ?? null,
  providerSlug: scope.providerSlug ?? null,
});
const ALIBABA: WebhookOwner = { kind: 'group', slug: 'alibaba' };
const PARTNER: WebhookOwner = { kind: 'group', slug: 'tencent-side' };
const TENCENT_OPS: WebhookOwner = { kind: 'group', slug: 'tencent' };
const WECHAT_PAY_REVIEW: WebhookOwner = { kind: 'provider', slug: 'tencent' };
const ALIPAY_REVIEW: WebhookOwner = { kind: 'provider', slug: 'ant-group' };
const ADMIN: WebhookOwner = { kind: 'all' };
const SCOPES = { ALIBABA, PARTNER, TENCENT_OPS, WECHAT_PAY_REVIEW, ALIPAY_REVIEW, ADMIN };

/** For each event family, one subject as the outbox builds it, and who may receive it. */
const EXAMPLES: Record<WebhookSubject['kind'], { subject: WebhookSubject; receivers: (keyof typeof SCOPES)[] }> = {
  // Idle Fish (Alibaba) × WeChat Pay (Tencent)
  integration: {
    subject: { kind: 'integration', storefrontGroup: 'alibaba', walletProvider: 'tencent' },
    receivers: ['ALIBABA', 'WECHAT_PAY_REVIEW', 'ADMIN'],
  },
  // An Ele.me order (and its payments), whatever wallet pays it
  order: { subject: { kind: 'order', storefrontGroup: 'alibaba' }, receivers: ['ALIBABA', 'ADMIN'] },
  // JD's links in WeChat: WeChat is run by tencent, reviewed by tencent; JD's links are asked for by tencent-side
  link_policy: {
    subject: { kind: 'link_policy', hostOperatorGroup: 'tencent', hostReviewerProvider: 'tencent', platformRequesterGroup: 'tencent-side' },
    receivers: ['TENCENT_OPS', 'WECHAT_PAY_REVIEW', 'PARTNER', 'ADMIN'],
  },
};

describe('which endpoints may receive an event', () => {
  it.each([...EVENT_TYPES])('%s reaches exactly the scopes its subject concerns', (type) => {
    const kind = subjectKindOf(type);
    expect(kind).not.toBeNull();
    const { subject, receivers } = EXAMPLES[kind!];
    const reached = Object.entries(SCOPES)
      .filter(([, owner]) => mayReceive(owner, { type, subject }))
      .map(([name]) => name);
    expect(reached.sort()).toEqual([...receivers].sort());
  });

  it('every type the server sends is about an integration, an order or a link policy', () => {
    const kinds = new Set(EVENT_TYPES.map(subjectKindOf));
    expect(kinds).toEqual(new Set(['integration', 'order', 'link_policy']));
    expect(subjectKindOf('refund.succeeded')).toBe('order');
    expect(subjectKindOf('chargeback.issued')).toBeNull();
  });

  it('a Tencent-side order reaches partner.ops, not ali.ops; a host no group asks for reaches only its operators', () => {
    const jd: WebhookSubject = { kind: 'order', storefrontGroup: 'tencent-side' };
    expect(mayReceive(PARTNER, { type: 'order.placed', subject: jd })).toBe(true);
    expect(mayReceive(ALIBABA, { type: 'payment.succeeded', subject: jd })).toBe(false);
    const douyin: WebhookSubject = {
      kind: 'link_policy',
      hostOperatorGroup: 'bytedance',
      hostReviewerProvider: null,
      platformRequesterGroup: null,
    };
    expect(mayReceive({ kind: 'group', slug: 'bytedance' }, { type: 'link_policy.changed', subject: douyin })).toBe(true);
    expect(mayReceive(TENCENT_OPS, { type: 'link_policy.changed', subject: douyin })).toBe(false);
    expect(mayReceive(WECHAT_PAY_REVIEW, { type: 'link_policy.changed', subject: douyin })).toBe(false);
  });

  it('a subject that is not what its type names reaches nobody but an admin', () => {
    const order: WebhookSubject = { kind: 'order', storefrontGroup: 'alibaba' };
    expect(mayReceive(ALIBABA, { type: 'integration.approved', subject: order })).toBe(false);
    expect(mayReceive(ADMIN, { type: 'integration.approved', subject: order })).toBe(true);
  });
});

describe('whose an endpoint is, and who manages it', () => {
  it('belongs to an operator’s group, a reviewer’s provider, or (an admin’s) everything; a viewer owns none', () => {
    expect(ownerFor(actor('operator', { groupSlug: 'alibaba' }))).toEqual(ALIBABA);
    expect(ownerFor(actor('reviewer', { providerSlug: 'tencent' }))).toEqual(WECHAT_PAY_REVIEW);
    expect(ownerFor(actor('admin'))).toEqual(ADMIN);
    expect(ownerFor(actor('viewer'))).toBeNull();
    expect(ownerFor(actor('operator'))).toBeNull();
  });

  it('is managed by its own scope and by admins only', () => {
    const ali = actor('operator', { groupSlug: 'alibaba' });
    const partner = actor('operator', { groupSlug: 'tencent-side' });
    const tencentReviewer = actor('reviewer', { providerSlug: 'tencent' });
    expect(mayManage(ali, ALIBABA)).toBe(true);
    expect(mayManage(partner, ALIBABA)).toBe(false);
    expect(mayManage(ali, ADMIN)).toBe(false);
    expect(mayManage(actor('operator', { groupSlug: 'tencent' }), WECHAT_PAY_REVIEW)).toBe(false); // same slug, other kind
    expect(mayManage(tencentReviewer, WECHAT_PAY_REVIEW)).toBe(true);
    expect(mayManage(tencentReviewer, TENCENT_OPS)).toBe(false);
    expect(mayManage(actor('viewer'), ALIBABA)).toBe(false);
    for (const owner of Object.values(SCOPES)) expect(mayManage(actor('admin'), owner)).toBe(true);
  });
});
