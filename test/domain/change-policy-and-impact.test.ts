import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { HELD_VERBS, isHeldBack, mayApplyChange, maySetPolicy } from '../../src/domain/change-policy.ts';
import { impactOf } from '../../src/domain/impact.ts';

const person = (username: string, role: Actor['role'], groupSlug: string | null = null): Actor => ({
  username,
  displayName: username,
  role,
  groupSlug,
  providerSlug: null,
});
const change = { requestedBy: 'ali.ops', groupSlug: 'alibaba', groupName: 'Alibaba' };

describe('"changes need a second operator"', () => {
  it('holds back launch and adjust, and only while the policy is on', () => {
    expect(HELD_VERBS).toEqual(['launch', 'adjust']);
    expect(isHeldBack(true, 'launch')).toBe(true);
    expect(isHeldBack(true, 'adjust')).toBe(true);
    expect(isHeldBack(true, 'suspend')).toBe(false);
    expect(isHeldBack(false, 'launch')).toBe(false);
  });

  it('lets another operator of the group or an admin apply a change, never the one who asked', () => {
    expect(mayApplyChange(person('ali.ops2', 'operator', 'alibaba'), change)).toEqual({ ok: true });
    expect(mayApplyChange(person('admin', 'admin'), change)).toEqual({ ok: true });
    expect(mayApplyChange(person('ali.ops', 'operator', 'alibaba'), change)).toEqual({
      ok: false,
      message: 'Second-operator rule: ali.ops asked for this change, so another operator must approve it.',
    });
    expect(mayApplyChange({ ...person('ali.ops', 'admin') }, change).ok).toBe(false);
    expect(mayApplyChange(person('tx.ops', 'operator', 'tencent'), change)).toEqual({
      ok: false,
      message: 'Only another operator of Alibaba (or an admin) may approve this change.',
    });
    expect(mayApplyChange(person('tencent.reviewer', 'reviewer'), change).ok).toBe(false);
  });

  it('lets only an admin set the policy', () => {
    expect(maySetPolicy(person('admin', 'admin'))).toEqual({ ok: true });
    expect(maySetPolicy(person('ali.ops', 'operator', 'alibaba'))).toEqual({
      ok: false,
      message: 'Only an admin may change a group’s second-operator policy.',
    });
  });
});

describe('the impact of a change, said before it applies', () => {
  const base = { storefrontName: 'Idle Fish', walletName: 'WeChat Pay', rolloutPercent: 100 } as const;

  it('says the share of shoppers who will see the wallet after a launch, adjust or resume, and on which channels', () => {
    expect(impactOf({ ...base, verb: 'launch', state: 'approved', nextRolloutPercent: 40 })).toBe(
      'About 40 % of shoppers at Idle Fish will see WeChat Pay.',
    );
    expect(impactOf({ ...base, verb: 'adjust', state: 'live', nextRolloutPercent: 10, nextChannels: ['app', 'mini_program'] })).toBe(
      'About 10 % of shoppers at Idle Fish will see WeChat Pay (App, Mini-program only).',
    );
    expect(impactOf({ ...base, verb: 'adjust', state: 'live', nextChannels: ['app', 'mini_program', 'mobile_web', 'desktop_web'] })).toBe(
      'About 100 % of shoppers at Idle Fish will see WeChat Pay.',
    );
    expect(impactOf({ ...base, verb: 'adjust', state: 'live', nextChannels: [] })).toBe(
      'About 100 % of shoppers at Idle Fish will see WeChat Pay.',
    );
    expect(impactOf({ ...base, verb: 'resume', state: 'suspended', rolloutPercent: 60 })).toBe(
      'About 60 % of shoppers at Idle Fish will see WeChat Pay.',
    );
  });

  it('says who loses the wallet when a live one is taken away, and that nothing changes otherwise', () => {
    expect(impactOf({ ...base, verb: 'suspend', state: 'live', rolloutPercent: 30 })).toBe(
      'About 30 % of shoppers at Idle Fish see WeChat Pay now; after this, none will.',
    );
    expect(impactOf({ ...base, verb: 'revoke', state: 'approved' })).toBe(
      'No shopper sees WeChat Pay at Idle Fish now, so the checkout does not change.',
    );
    expect(impactOf({ ...base, verb: 'withdraw', state: 'requested' })).toBe(
      'No shopper sees WeChat Pay at Idle Fish now, so the checkout does not change.',
    );
  });
});
