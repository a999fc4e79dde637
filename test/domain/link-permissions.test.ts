import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { mayPerformLinkVerb, type LinkScope } from '../../src/domain/links/permissions.ts';

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
const aliOps = actor('ali.ops', 'operator', 'alibaba');
const tencentOps = actor('tencent.ops', 'operator', 'tencent');
const tencentReviewer = actor('tencent.reviewer', 'reviewer', null, 'tencent');

describe('who may request, withdraw, approve, reject and set a link policy', () => {
  it("the platform's operator requests and withdraws; anyone else is told whose verb it is", () => {
    expect(mayPerformLinkVerb(aliOps, 'request', scope)).toEqual({ ok: true });
    expect(mayPerformLinkVerb(aliOps, 'withdraw', scope)).toEqual({ ok: true });
    expect(mayPerformLinkVerb(tencentOps, 'withdraw', scope)).toEqual({
      ok: false,
      message: 'Only an operator for Taobao may withdraw a behaviour for its links.',
    });
  });

  it('where no group may request for a platform, an operator of no group may not either', () => {
    const nobodyAsks = { ...scope, platformRequesterGroup: null };
    expect(mayPerformLinkVerb(actor('loose.ops', 'operator', null), 'request', nobodyAsks)).toEqual({
      ok: false,
      message: 'Only an operator for Taobao may request a behaviour for its links.',
    });
    expect(mayPerformLinkVerb(actor('admin', 'admin'), 'request', nobodyAsks)).toEqual({ ok: true });
  });

  it("the host's operator sets; another operator is told whose it is, and no operator decides a request", () => {
    expect(mayPerformLinkVerb(tencentOps, 'set', scope)).toEqual({ ok: true });
    expect(mayPerformLinkVerb(aliOps, 'set', scope)).toEqual({
      ok: false,
      message: "Only WeChat's operator may set how WeChat opens links.",
    });
    expect(mayPerformLinkVerb(tencentOps, 'reject', scope)).toEqual({
      ok: false,
      message: "Only WeChat's reviewer may reject a request for WeChat's links.",
    });
  });

  it("the host's reviewer approves and rejects, and only that", () => {
    expect(mayPerformLinkVerb(tencentReviewer, 'approve', scope)).toEqual({ ok: true });
    expect(mayPerformLinkVerb(tencentReviewer, 'reject', scope)).toEqual({ ok: true });
    expect(mayPerformLinkVerb(tencentReviewer, 'set', scope)).toEqual({
      ok: false,
      message: 'A reviewer decides requests; set is for an operator.',
    });
    expect(mayPerformLinkVerb(tencentReviewer, 'request', scope)).toEqual({
      ok: false,
      message: 'A reviewer decides requests; request is for an operator.',
    });
    expect(mayPerformLinkVerb(actor('ant.reviewer', 'reviewer', null, 'ant-group'), 'reject', scope)).toEqual({
      ok: false,
      message: 'ant.reviewer does not review for WeChat.',
    });
  });

  it('where the host has no reviewer, a reviewer of no provider does not decide', () => {
    const adminOnly = { ...scope, hostReviewerProvider: null };
    expect(mayPerformLinkVerb(actor('loose.reviewer', 'reviewer', null, null), 'approve', adminOnly)).toEqual({
      ok: false,
      message: 'loose.reviewer does not review for WeChat.',
    });
    expect(mayPerformLinkVerb(actor('admin', 'admin'), 'approve', adminOnly)).toEqual({ ok: true });
  });

  it('keeps four eyes on a rejection as on an approval, even for an admin, and points the requester to withdraw', () => {
    expect(mayPerformLinkVerb(actor('ali.ops', 'admin'), 'reject', scope)).toEqual({
      ok: false,
      message: 'Four-eyes rule: ali.ops made this request, so someone else must reject it; to take it back, withdraw it.',
    });
    expect(mayPerformLinkVerb(actor('ali.ops', 'reviewer', null, 'tencent'), 'reject', scope)).toEqual({
      ok: false,
      message: 'Four-eyes rule: ali.ops made this request, so someone else must reject it; to take it back, withdraw it.',
    });
    expect(mayPerformLinkVerb(actor('ali.ops', 'reviewer', null, 'tencent'), 'approve', scope)).toEqual({
      ok: false,
      message: 'Four-eyes rule: ali.ops made this request, so someone else must approve it.',
    });
    expect(mayPerformLinkVerb(actor('ali.ops', 'admin'), 'withdraw', scope)).toEqual({ ok: true });
    expect(mayPerformLinkVerb(actor('ali.ops', 'admin'), 'set', scope)).toEqual({ ok: true });
  });

  it("tells a viewer, and anyone using the record's verbs, why not", () => {
    expect(mayPerformLinkVerb(actor('viewer', 'viewer'), 'request', scope)).toEqual({
      ok: false,
      message: 'Viewers can read link policies but not change them.',
    });
    expect(mayPerformLinkVerb(tencentOps, 'announced', scope)).toEqual({
      ok: false,
      message: '"announced" is the record\'s verb for what an article reports; nobody may use it.',
    });
  });
});
