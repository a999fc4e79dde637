import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { inboxCount, inboxFor, type InboxCandidate } from '../../src/domain/inbox.ts';

const person = (role: Actor['role'], groupSlug: string | null = null, providerSlug: string | null = null): Actor => ({
  username: `${role}.someone`,
  displayName: role,
  role,
  groupSlug,
  providerSlug,
});
const item = (
  state: InboxCandidate['state'],
  groupSlug = 'alibaba',
  providerSlug = 'tencent',
  scheduled: object | null = null,
): InboxCandidate => ({
  state,
  groupSlug,
  providerSlug,
  scheduled,
});

const tencentRequest = item('requested', 'alibaba', 'tencent');
const antRequest = item('requested', 'alibaba', 'ant-group');
const approved = item('approved');
const scheduled = item('approved', 'alibaba', 'tencent', { effectiveAt: '2026-12-01T00:00:00.000Z' });
const rejected = item('rejected');
const suspended = item('suspended');
const live = item('live');
const otherGroup = item('rejected', 'tencent-group');
const all = [tencentRequest, antRequest, approved, scheduled, rejected, suspended, live, otherGroup];

describe('what waits for each person', () => {
  it("shows a reviewer only the requests for their own provider's wallets", () => {
    const inbox = inboxFor(person('reviewer', null, 'tencent'), all);
    expect(inbox).toEqual({ awaitingReview: [tencentRequest], needingAction: [] });
    expect(inboxCount(inbox)).toBe(1);
  });

  it("shows an operator their group's approved (not yet scheduled), rejected and suspended integrations", () => {
    const inbox = inboxFor(person('operator', 'alibaba'), all);
    expect(inbox).toEqual({ awaitingReview: [], needingAction: [approved, rejected, suspended] });
    expect(inboxCount(inbox)).toBe(3);
  });

  it('shows an admin every request and every next step, whatever the group or provider', () => {
    const inbox = inboxFor(person('admin'), all);
    expect(inbox).toEqual({ awaitingReview: [tencentRequest, antRequest], needingAction: [approved, rejected, suspended, otherGroup] });
    expect(inboxCount(inbox)).toBe(6);
  });

  it('gives a viewer nothing to do', () => {
    expect(inboxFor(person('viewer', 'alibaba', 'tencent'), all)).toEqual({ awaitingReview: [], needingAction: [] });
  });
});
