import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { mayPerform, usableVerbs, type IntegrationScope } from '../../src/domain/permissions.ts';

const actor = (username: string, role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  username,
  displayName: username,
  role,
  groupSlug: null,
  providerSlug: null,
  ...extra,
});

const aliOps = actor('ali.ops', 'operator', { groupSlug: 'alibaba' });
const otherOps = actor('jd.ops', 'operator', { groupSlug: 'jd' });
const tencent = actor('tencent.reviewer', 'reviewer', { providerSlug: 'tencent' });
const ant = actor('ant.reviewer', 'reviewer', { providerSlug: 'ant-group' });
const admin = actor('admin', 'admin');
const viewer = actor('viewer', 'viewer');

const idleFishWeChat = (over: Partial<IntegrationScope> = {}): IntegrationScope => ({
  state: 'requested',
  storefrontName: 'Idle Fish',
  groupSlug: 'alibaba',
  walletName: 'WeChat Pay',
  providerSlug: 'tencent',
  providerName: 'Tencent',
  requestedBy: 'ali.ops',
  suspendedByProvider: false,
  ...over,
});

describe('who may use which verb on an integration', () => {
  it('lets Tencent’s reviewer approve a WeChat Pay request, and not Ant Group’s', () => {
    expect(mayPerform(tencent, 'approve', idleFishWeChat())).toEqual({ ok: true });
    const refused = mayPerform(ant, 'approve', idleFishWeChat());
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/not Tencent/);
  });

  it('never lets an operator approve or reject, even in their own group', () => {
    for (const verb of ['approve', 'reject', 'revoke'] as const) {
      const refused = mayPerform(aliOps, verb, idleFishWeChat());
      expect(refused.ok, verb).toBe(false);
      expect(!refused.ok && refused.message).toMatch(/Only Tencent's reviewer/);
    }
  });

  it('lets an operator act only for their own storefront group', () => {
    expect(mayPerform(aliOps, 'withdraw', idleFishWeChat())).toEqual({ ok: true });
    expect(mayPerform(otherOps, 'withdraw', idleFishWeChat()).ok).toBe(false);
  });

  it('never lets a reviewer request, launch or adjust', () => {
    for (const verb of ['request', 'withdraw', 'launch', 'adjust'] as const)
      expect(mayPerform(tencent, verb, idleFishWeChat()).ok, verb).toBe(false);
  });

  it('refuses the requester as approver — four-eyes applies to an admin too', () => {
    const ownRequest = idleFishWeChat({ requestedBy: 'admin' });
    const refused = mayPerform(admin, 'approve', ownRequest);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/Four-eyes/);
    expect(mayPerform(admin, 'reject', ownRequest)).toEqual({ ok: true });
    expect(mayPerform(admin, 'approve', idleFishWeChat())).toEqual({ ok: true });
    expect(
      mayPerform(
        actor('tencent.reviewer', 'reviewer', { providerSlug: 'tencent' }),
        'approve',
        idleFishWeChat({ requestedBy: 'tencent.reviewer' }),
      ).ok,
    ).toBe(false);
  });

  it('lets only the provider’s reviewer resume what the provider suspended', () => {
    const byProvider = idleFishWeChat({ state: 'suspended', suspendedByProvider: true, requestedBy: null });
    expect(mayPerform(aliOps, 'resume', byProvider).ok).toBe(false);
    expect(mayPerform(tencent, 'resume', byProvider)).toEqual({ ok: true });
    const byOperator = { ...byProvider, suspendedByProvider: false };
    expect(mayPerform(aliOps, 'resume', byOperator)).toEqual({ ok: true });
    expect(mayPerform(tencent, 'resume', byOperator).ok).toBe(false);
    expect(mayPerform(admin, 'resume', byProvider)).toEqual({ ok: true });
  });

  it('lets a viewer change nothing', () => {
    const refused = mayPerform(viewer, 'request', idleFishWeChat({ state: 'not_requested' }));
    expect(!refused.ok && refused.message).toMatch(/Viewers/);
  });

  it('offers each person only the forms they may use in the current state', () => {
    expect(usableVerbs(tencent, idleFishWeChat())).toEqual(['approve', 'reject']);
    expect(usableVerbs(aliOps, idleFishWeChat())).toEqual(['withdraw']);
    expect(usableVerbs(admin, idleFishWeChat({ requestedBy: 'admin' }))).toEqual(['withdraw', 'reject']);
    expect(usableVerbs(viewer, idleFishWeChat())).toEqual([]);
    expect(usableVerbs(aliOps, idleFishWeChat({ state: 'live' }))).toEqual(['adjust', 'suspend']);
    expect(usableVerbs(tencent, idleFishWeChat({ state: 'live' }))).toEqual(['suspend', 'revoke']);
    expect(usableVerbs(ant, idleFishWeChat({ state: 'live' }))).toEqual([]);
  });
});
