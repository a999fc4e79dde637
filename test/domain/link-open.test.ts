import { describe, expect, it } from 'vitest';
import { bucketFor } from '../../src/domain/bucket.ts';
import { diffLinkPolicies } from '../../src/domain/links/diff.ts';
import { BEHAVIOURS, type Behaviour } from '../../src/domain/links/model.ts';
import { decideLinkOpen, linkBucket } from '../../src/domain/links/open.ts';
import { KEY, NAMES, linkState as state } from './link-factories.ts';

const PEOPLE = Array.from({ length: 300 }, (_, i) => `person-${i}`);

describe('the sentence a shopper reads when they tap a link', () => {
  it.each([
    ['direct', 'WeChat opens Taobao links directly, inside WeChat.'],
    ['confirm_twice', 'WeChat asks for a second confirmation before it opens the Taobao link.'],
    ['risk_warning', 'WeChat shows a risk-warning page first; tap Continue to open Taobao.'],
    ['copy_token', 'The share is a Taobao token: copy it and paste it in the Taobao app.'],
    ['blocked', 'WeChat does not open Taobao links: copy the link and open it in a browser.'],
  ] as const)('%s: %s', (behaviour, sentence) => {
    expect(decideLinkOpen(state({ behaviour }), KEY, NAMES, 'p1').message).toBe(sentence);
  });

  it('names the surface when it does not take the link', () => {
    const groupChat = { ...KEY, surface: 'group_chat' as const };
    expect(decideLinkOpen(state({ share: 'none' }), groupChat, NAMES, 'p1').message).toBe(
      'WeChat does not take Taobao links in Group chat: there is nothing there to tap.',
    );
    expect(decideLinkOpen(state({ share: 'none' }), KEY, NAMES, 'p1').message).toBe(
      'WeChat does not take Taobao links in One-to-one chat: there is nothing there to tap.',
    );
  });
});

describe('what a partial rollout gives a person outside it', () => {
  const labels: Record<Behaviour, string> = {
    blocked: 'Blocked',
    copy_token: 'Copy a token',
    risk_warning: 'Risk warning, then open',
    confirm_twice: 'Second confirmation',
    direct: 'Opens directly',
  };

  it.each(BEHAVIOURS.map((b) => [b, labels[b]]))('rolling out %s: names it "%s", then says what this person still meets', (behaviour) => {
    const rolling = state({ behaviour, rolloutPercent: 10, fallbackBehaviour: behaviour === 'blocked' ? 'direct' : 'blocked' });
    const outside = PEOPLE.find((p) => linkBucket(p, KEY) >= 10)!;
    const bucket = linkBucket(outside, KEY);
    const decision = decideLinkOpen(rolling, KEY, NAMES, outside);
    const still =
      behaviour === 'blocked'
        ? 'WeChat opens Taobao links directly, inside WeChat.'
        : 'WeChat does not open Taobao links: copy the link and open it in a browser.';
    expect(decision.message).toBe(
      `WeChat is rolling out "${labels[behaviour]}" to 10% of users; this person (bucket ${bucket}) is not included yet. ${still}`,
    );
    expect(decision).toMatchObject({ reason: 'OUT_OF_ROLLOUT', behaviour: rolling.fallbackBehaviour, shareable: true });
  });

  it("draws each person's bucket per host surface and platform, so one rollout does not decide who is in another", () => {
    expect(linkBucket('person-1', KEY)).toBe(bucketFor('person-1', 'wechat/one_to_one', 'taobao'));
    const groupChat = { ...KEY, surface: 'group_chat' as const };
    const douyin = { ...KEY, host: 'douyin' as const };
    expect(PEOPLE.filter((p) => linkBucket(p, KEY) !== linkBucket(p, groupChat)).length).toBeGreaterThan(PEOPLE.length / 2);
    expect(PEOPLE.filter((p) => linkBucket(p, KEY) !== linkBucket(p, douyin)).length).toBeGreaterThan(PEOPLE.length / 2);
  });
});

describe('diffLinkPolicies: which fields changed', () => {
  it('names each changed field, in a fixed order', () => {
    const before = [{ ...KEY, state: state() }];
    const cases = [
      [{ preview: 'rich' }, ['preview']],
      [{ share: 'one_click' }, ['share']],
      [{ rolloutPercent: 30 }, ['rolloutPercent']],
      [
        { rolloutPercent: 30, share: 'one_click', behaviour: 'direct', preview: 'rich' },
        ['behaviour', 'preview', 'share', 'rolloutPercent'],
      ],
    ] as const;
    for (const [change, fields] of cases) {
      expect(
        diffLinkPolicies(before, [{ ...KEY, state: state(change) }]).map((c) => c.changed),
        JSON.stringify(change),
      ).toEqual([fields]);
    }
  });

  it('leaves out a policy the earlier snapshot did not have', () => {
    const before = [{ ...KEY, state: state() }];
    const after = [
      { ...KEY, state: state() },
      { ...KEY, platform: 'jd' as const, state: state({ behaviour: 'direct' }) },
    ];
    expect(diffLinkPolicies(before, after)).toEqual([]);
  });
});
