import { defaultLinkState, type LinkPolicyEvent, type LinkPolicyKey, type LinkPolicyState } from '../../src/domain/links/model.ts';

/** Fixtures for the link-policy domain tests: WeChat's one-to-one chats opening Taobao links. */
export const NOW = '2026-11-22T09:00:00.000Z';
export const KEY: LinkPolicyKey = { host: 'wechat', surface: 'one_to_one', platform: 'taobao' };
export const NAMES = { hostName: 'WeChat', platformName: 'Taobao' };

export const linkState = (changes: Partial<LinkPolicyState> = {}): LinkPolicyState => ({ ...defaultLinkState('one_to_one'), ...changes });

/** A recorded event (by default a `reported` one) that leaves the policy in `changes`. */
export function linkEvent(
  id: number,
  effectiveAt: string,
  changes: Partial<LinkPolicyState>,
  extra: Partial<LinkPolicyEvent> = {},
): LinkPolicyEvent {
  return {
    id,
    policyId: 1,
    version: id,
    verb: 'reported',
    fromBehaviour: 'blocked',
    state: linkState(changes),
    asked: null,
    askedBy: null,
    actor: 'Tencent',
    actorRole: 'record',
    reason: '',
    recordedAt: NOW,
    effectiveAt,
    status: 'active',
    cancelledAt: null,
    sourceFile: null,
    datePrecision: 'day',
    dateNote: '',
    ...extra,
  };
}
