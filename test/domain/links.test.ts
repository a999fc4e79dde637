import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { diffLinkPolicies } from '../../src/domain/links/diff.ts';
import { defaultLinkState } from '../../src/domain/links/model.ts';
import { decideLinkOpen, linkBucket } from '../../src/domain/links/open.ts';
import { mayPerformLinkVerb, type LinkScope } from '../../src/domain/links/permissions.ts';
import { linkPolicyAt } from '../../src/domain/links/policy-at.ts';
import { applyLinkVerb, type LinkSnapshot } from '../../src/domain/links/verbs.ts';
import { KEY, NAMES, NOW, linkEvent as event, linkState as state } from './link-factories.ts';

const blocked: LinkSnapshot = { state: defaultLinkState('one_to_one'), pendingAsk: null };

describe('applyLinkVerb: the request lifecycle and what each verb changes', () => {
  it('when the host operator sets a new behaviour, then it rolls out to everyone and the old one is the fallback', () => {
    const applied = applyLinkVerb(blocked, 'set', { changes: { behaviour: 'direct' }, reason: '', now: NOW });
    expect(applied).toMatchObject({
      ok: true,
      fromBehaviour: 'blocked',
      state: { behaviour: 'direct', rolloutPercent: 100, fallbackBehaviour: 'blocked' },
    });
  });

  it('keeps the fallback when only the rollout changes', () => {
    const rolling: LinkSnapshot = {
      state: state({ behaviour: 'direct', rolloutPercent: 20, fallbackBehaviour: 'confirm_twice' }),
      pendingAsk: null,
    };
    const applied = applyLinkVerb(rolling, 'set', { changes: { rolloutPercent: 60 }, reason: '', now: NOW });
    expect(applied).toMatchObject({ ok: true, state: { behaviour: 'direct', rolloutPercent: 60, fallbackBehaviour: 'confirm_twice' } });
  });

  it('records what a request asks for without applying it; approve applies it; reject keeps the policy', () => {
    const asked = applyLinkVerb(blocked, 'request', { changes: { behaviour: 'direct', preview: 'rich' }, reason: 'please', now: NOW });
    expect(asked).toMatchObject({
      ok: true,
      state: { behaviour: 'blocked', review: 'requested' },
      asked: { behaviour: 'direct', preview: 'rich' },
    });
    const pending: LinkSnapshot = { state: state({ review: 'requested' }), pendingAsk: { behaviour: 'direct', preview: 'rich' } };
    expect(applyLinkVerb(pending, 'approve', { reason: '', now: NOW })).toMatchObject({
      ok: true,
      state: { behaviour: 'direct', preview: 'rich', review: 'none' },
    });
    expect(applyLinkVerb(pending, 'reject', { reason: 'not yet', now: NOW })).toMatchObject({
      ok: true,
      state: { behaviour: 'blocked', review: 'rejected' },
    });
  });

  it('never applies an announcement', () => {
    const applied = applyLinkVerb(blocked, 'announced', { changes: { share: 'one_click' }, reason: 'expected 27 Oct', now: NOW });
    expect(applied).toMatchObject({ ok: true, state: blocked.state, asked: { share: 'one_click' } });
  });

  it('refuses what the lifecycle does not allow, naming the review state and the verbs allowed', () => {
    const refused = applyLinkVerb(blocked, 'approve', { reason: '', now: NOW });
    expect(refused).toMatchObject({ ok: false, kind: 'invalid_transition', review: 'none', allowed: ['request', 'set'] });
  });

  it('asks for the fields to fix first: a reason, something to change, a rollout only on set, no past schedule', () => {
    expect(applyLinkVerb(blocked, 'request', { changes: { behaviour: 'direct' }, reason: ' ', now: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: 'reason' }],
    });
    expect(applyLinkVerb(blocked, 'set', { reason: '', now: NOW })).toMatchObject({ ok: false, errors: [{ path: 'behaviour' }] });
    expect(applyLinkVerb(blocked, 'request', { changes: { rolloutPercent: 10 }, reason: 'x', now: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: 'rolloutPercent' }],
    });
    expect(applyLinkVerb(blocked, 'set', { changes: { rolloutPercent: 101 }, reason: '', now: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: 'rolloutPercent' }],
    });
    expect(
      applyLinkVerb(blocked, 'set', { changes: { behaviour: 'direct' }, reason: '', now: NOW, effectiveAt: '2021-01-01T00:00:00.000Z' }),
    ).toMatchObject({ ok: false, errors: [{ path: 'effectiveAt' }] });
    expect(applyLinkVerb(blocked, 'request', { changes: { behaviour: 'direct' }, reason: 'x', now: NOW, effectiveAt: NOW })).toMatchObject({
      ok: false,
      errors: [{ path: 'effectiveAt' }],
    });
  });
});

describe('mayPerformLinkVerb: the platform asks, the host decides, four eyes', () => {
  const scope: LinkScope = {
    hostName: 'WeChat',
    hostOperatorGroup: 'tencent',
    hostReviewerProvider: 'tencent',
    platformName: 'Taobao',
    platformRequesterGroup: 'alibaba',
    askedBy: 'ali.ops',
  };
  const actor = (username: string, role: Actor['role'], groupSlug: string | null = null, providerSlug: string | null = null): Actor => ({
    username,
    displayName: username,
    role,
    groupSlug,
    providerSlug,
  });

  it.each([
    ['ali.ops requests for Taobao links', actor('ali.ops', 'operator', 'alibaba'), 'request', true],
    ["tencent.ops sets WeChat's policy", actor('tencent.ops', 'operator', 'tencent'), 'set', true],
    ["ali.ops cannot set WeChat's policy", actor('ali.ops', 'operator', 'alibaba'), 'set', false],
    ['tencent.ops cannot request for Taobao links', actor('tencent.ops', 'operator', 'tencent'), 'request', false],
    ['tencent.reviewer approves', actor('tencent.reviewer', 'reviewer', null, 'tencent'), 'approve', true],
    ['ant.reviewer does not review for WeChat', actor('ant.reviewer', 'reviewer', null, 'ant-group'), 'approve', false],
    ['an operator never approves', actor('tencent.ops', 'operator', 'tencent'), 'approve', false],
    ['a viewer changes nothing', actor('viewer', 'viewer'), 'set', false],
    ["nobody uses the record's verb", actor('admin', 'admin'), 'reported', false],
  ] as const)('%s', (_title, who, verb, ok) => {
    expect(mayPerformLinkVerb(who, verb, scope).ok).toBe(ok);
  });

  it('refuses the requester the approval, even an admin', () => {
    const own = mayPerformLinkVerb(actor('ali.ops', 'admin'), 'approve', scope);
    expect(own).toEqual({ ok: false, message: 'Four-eyes rule: ali.ops made this request, so someone else must approve it.' });
  });
});

describe('linkPolicyAt: the policy at an instant', () => {
  const events = [
    event(1, '2021-01-01T00:00:00.000Z', { behaviour: 'blocked' }, { datePrecision: 'before' }),
    event(2, '2021-09-30T00:00:00.000Z', { behaviour: 'confirm_twice' }, { datePrecision: 'month' }),
    event(3, '2021-10-15T00:00:00.000Z', { behaviour: 'confirm_twice' }, { datePrecision: 'approximate' }),
    event(
      4,
      '2021-10-27T00:00:00.000Z',
      { behaviour: 'confirm_twice' },
      { verb: 'announced', asked: { share: 'one_click' }, datePrecision: 'expected' },
    ),
    event(5, '2021-11-29T00:00:00.000Z', { behaviour: 'direct' }),
  ];

  it('is the walled-garden default before any event', () => {
    expect(linkPolicyAt(events, '2020-06-01T00:00:00.000Z', 'moments')).toMatchObject({
      state: { behaviour: 'blocked', share: 'none' },
      since: null,
    });
  });

  it('dates the state from the first event of a run that changed nothing, and keeps the announcement aside', () => {
    const at = linkPolicyAt(events, '2021-11-01T00:00:00.000Z', 'one_to_one');
    expect(at.state.behaviour).toBe('confirm_twice');
    expect(at.since?.id).toBe(2);
    expect(at.announcement?.id).toBe(4);
    expect(linkPolicyAt(events, '2021-12-01T00:00:00.000Z', 'one_to_one').since?.id).toBe(5);
  });

  it('shows a change recorded for later as pending, and a cancelled one never takes effect', () => {
    const scheduled = event(6, '2026-12-01T00:00:00.000Z', { behaviour: 'risk_warning' });
    expect(linkPolicyAt([...events, scheduled], NOW, 'one_to_one')).toMatchObject({ state: { behaviour: 'direct' }, pending: { id: 6 } });
    const cancelled = { ...scheduled, status: 'cancelled' as const, cancelledAt: NOW };
    expect(linkPolicyAt([...events, cancelled], '2027-01-01T00:00:00.000Z', 'one_to_one').state.behaviour).toBe('direct');
  });
});

describe('decideLinkOpen: what one person meets', () => {
  it.each([
    ['direct', 'DIRECT', 0, 'in_app_browser'],
    ['confirm_twice', 'CONFIRM_TWICE', 1, 'in_app_browser'],
    ['risk_warning', 'RISK_WARNING', 1, 'in_app_browser'],
    ['copy_token', 'COPY_TOKEN', 2, 'source_app'],
    ['blocked', 'BLOCKED', 2, 'browser'],
  ] as const)('%s: %s, %i extra steps, lands in %s', (behaviour, reason, steps, arrival) => {
    expect(decideLinkOpen(state({ behaviour }), KEY, NAMES, 'p1')).toMatchObject({ behaviour, reason, steps, arrival, shareable: true });
  });

  it('says there is nothing to tap where the surface does not take the link', () => {
    const decision = decideLinkOpen(defaultLinkState('moments'), { ...KEY, surface: 'moments' }, NAMES, 'p1');
    expect(decision).toMatchObject({ shareable: false, reason: 'NOT_SHAREABLE', steps: null, arrival: null });
    expect(decision.message).toBe('WeChat does not take Taobao links in Moments: there is nothing there to tap.');
  });

  it('gives people outside the rollout the fallback, sticky per person, and keeps the first ones in as it grows', () => {
    const people = Array.from({ length: 200 }, (_, i) => `person-${i}`);
    const inAt = (percent: number) =>
      new Set(
        people.filter(
          (p) =>
            decideLinkOpen(state({ behaviour: 'direct', rolloutPercent: percent, fallbackBehaviour: 'confirm_twice' }), KEY, NAMES, p)
              .reason === 'DIRECT',
        ),
      );
    const ten = inAt(10);
    const fifty = inAt(50);
    for (const p of ten) expect(fifty.has(p)).toBe(true);
    const out = people.find((p) => !ten.has(p))!;
    const decision = decideLinkOpen(
      state({ behaviour: 'direct', rolloutPercent: 10, fallbackBehaviour: 'confirm_twice' }),
      KEY,
      NAMES,
      out,
    );
    expect(decision).toMatchObject({ reason: 'OUT_OF_ROLLOUT', behaviour: 'confirm_twice', steps: 1, bucket: linkBucket(out, KEY) });
    expect(decision.message).toContain(`(bucket ${linkBucket(out, KEY)}) is not included yet`);
  });
});

describe('diffLinkPolicies', () => {
  it('lists the policies whose behaviour, preview, share or rollout differ, and which fields', () => {
    const before = [
      { ...KEY, state: state({}) },
      { ...KEY, platform: 'jd' as const, state: state({ behaviour: 'direct', preview: 'rich' }) },
    ];
    const after = [
      { ...KEY, state: state({ behaviour: 'direct' }) },
      { ...KEY, platform: 'jd' as const, state: state({ behaviour: 'direct', preview: 'rich' }) },
    ];
    expect(diffLinkPolicies(before, after)).toEqual([{ ...KEY, before: before[0]!.state, after: after[0]!.state, changed: ['behaviour'] }]);
  });
});
