import { describe, expect, it } from 'vitest';
import { EVENT_ROLES, isEventRole } from '../../src/domain/actors.ts';
import {
  BEHAVIOURS,
  HOSTS,
  isBehaviour,
  isHost,
  isLinkPlatform,
  isPreview,
  isReview,
  isShare,
  isSurface,
  LINK_PLATFORMS,
  PREVIEWS,
  REVIEWS,
  SHARES,
  SURFACES,
} from '../../src/domain/links/model.ts';
import { isLinkRecordVerb, isLinkVerb, LINK_ACTION_VERBS, LINK_RECORD_VERBS, LINK_VERBS } from '../../src/domain/links/verbs.ts';
import { isRecordVerb, isVerb, VERBS } from '../../src/domain/transitions.ts';

/**
 * The guards that read a stored row or a form field back into the domain's words: a value the
 * domain knows is taken, and anything else (a typo, another table's word, a different case) is
 * refused, so a bad row is reported rather than shown as if it meant something.
 */
describe('reading stored words back into the domain', () => {
  it('takes every verb of an integration and refuses a link verb or a typo', () => {
    for (const verb of VERBS) expect(isVerb(verb)).toBe(true);
    for (const other of ['set', 'announced', 'Approve', 'approved', '']) expect(isVerb(other)).toBe(false);
  });

  it("tells the record's own verb from what people do, for integrations and for links", () => {
    expect(isRecordVerb('reported')).toBe(true);
    for (const verb of ['request', 'launch', 'announced', '']) expect(isRecordVerb(verb)).toBe(false);
    for (const verb of LINK_RECORD_VERBS) expect(isLinkRecordVerb(verb)).toBe(true);
    for (const verb of [...LINK_ACTION_VERBS, 'launch', 'Reported', '']) expect(isLinkRecordVerb(verb)).toBe(false);
  });

  it('takes every verb of a link policy and refuses an integration verb or a typo', () => {
    for (const verb of LINK_VERBS) expect(isLinkVerb(verb)).toBe(true);
    for (const other of ['launch', 'suspend', 'Set', 'sets', '']) expect(isLinkVerb(other)).toBe(false);
  });

  it('takes every role an event is attributed to, the record included, and nobody else', () => {
    for (const role of EVENT_ROLES) expect(isEventRole(role)).toBe(true);
    for (const other of ['shopper', 'Admin', 'system', '']) expect(isEventRole(other)).toBe(false);
  });

  it("takes each of a link's words only from its own list", () => {
    const lists = [
      [isHost, HOSTS],
      [isSurface, SURFACES],
      [isLinkPlatform, LINK_PLATFORMS],
      [isBehaviour, BEHAVIOURS],
      [isPreview, PREVIEWS],
      [isShare, SHARES],
      [isReview, REVIEWS],
    ] as const;
    for (const [guard, words] of lists) {
      for (const word of words) expect(guard(word)).toBe(true);
      expect(guard('')).toBe(false);
      expect(guard(words[0].toUpperCase())).toBe(false);
    }
    // Words that belong to a neighbouring list are not taken for this one.
    expect(isHost('jd')).toBe(false);
    expect(isLinkPlatform('moments')).toBe(false);
    expect(isSurface('wechat')).toBe(false);
    expect(isReview('approved')).toBe(false);
    expect(isBehaviour('bare')).toBe(false);
  });
});
