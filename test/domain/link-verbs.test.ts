import { describe, expect, it } from 'vitest';
import { allowedLinkVerbs, applyLinkVerb, type LinkSnapshot, type LinkVerb, type LinkVerbRequest } from '../../src/domain/links/verbs.ts';
import type { Review } from '../../src/domain/links/model.ts';
import { NOW, linkState } from './link-factories.ts';

const at = (review: Review): LinkSnapshot => ({
  state: linkState({ review }),
  pendingAsk: review === 'requested' ? { behaviour: 'direct' } : null,
});
const refusal = (snapshot: LinkSnapshot, verb: LinkVerb, request: LinkVerbRequest) => {
  const result = applyLinkVerb(snapshot, verb, request);
  if (result.ok) throw new Error(`${verb} was applied`);
  return result;
};
const fieldMessages = (snapshot: LinkSnapshot, verb: LinkVerb, request: LinkVerbRequest) => {
  const result = refusal(snapshot, verb, request);
  expect(result.kind).toBe('invalid_fields');
  return result.kind === 'invalid_fields' ? result.errors.map((e) => `${e.path}: ${e.message}`) : [];
};

describe('which verbs a person is offered from each review state', () => {
  it.each([
    ['none', ['request', 'set']],
    ['requested', ['withdraw', 'approve', 'reject', 'set']],
    ['rejected', ['request', 'set']],
  ] as const)('from %s: %j', (review, verbs) => {
    expect(allowedLinkVerbs(review)).toEqual(verbs);
  });

  it('takes each offered verb and refuses the others, naming the state and what it allows', () => {
    const changes = { request: { behaviour: 'direct' }, set: { behaviour: 'direct' } } as const;
    for (const review of ['none', 'requested', 'rejected'] as const) {
      for (const verb of ['request', 'withdraw', 'approve', 'reject', 'set'] as const) {
        const result = applyLinkVerb(at(review), verb, {
          changes: verb === 'request' || verb === 'set' ? changes[verb] : undefined,
          reason: 'why',
          now: NOW,
        });
        const allowed = allowedLinkVerbs(review);
        expect(result.ok, `${verb} from ${review}`).toBe(allowed.includes(verb));
        if (!result.ok) {
          expect(result).toEqual({
            ok: false,
            kind: 'invalid_transition',
            review,
            allowed,
            message: `Cannot ${verb} a link policy whose review is ${review}; allowed from ${review}: ${allowed.join(', ')}.`,
          });
        }
      }
    }
    expect(refusal(at('none'), 'withdraw', { reason: 'changed my mind', now: NOW })).toMatchObject({
      message: 'Cannot withdraw a link policy whose review is none; allowed from none: request, set.',
    });
  });

  it('moves the review: a request waits, a withdrawal or approval ends it, a rejection is kept, a set leaves it', () => {
    const review = (from: Review, verb: LinkVerb, request: Partial<LinkVerbRequest> = {}) => {
      const result = applyLinkVerb(at(from), verb, { reason: 'why', now: NOW, ...request });
      return result.ok ? result.state.review : result;
    };
    expect(review('none', 'request', { changes: { behaviour: 'direct' } })).toBe('requested');
    expect(review('rejected', 'request', { changes: { behaviour: 'direct' } })).toBe('requested');
    expect(review('requested', 'withdraw')).toBe('none');
    expect(review('requested', 'approve')).toBe('none');
    expect(review('requested', 'reject')).toBe('rejected');
    for (const from of ['none', 'requested', 'rejected'] as const) {
      expect(review(from, 'set', { changes: { preview: 'rich' } })).toBe(from);
      expect(review(from, 'reported', { changes: { behaviour: 'direct' } })).toBe(from);
      expect(review(from, 'announced', { changes: { share: 'one_click' } })).toBe(from);
    }
  });
});

describe('the fields a verb is refused for, in the words the person reads', () => {
  it('asks for a reason to request, withdraw or reject, and keeps the reason trimmed', () => {
    expect(fieldMessages(at('none'), 'request', { changes: { behaviour: 'direct' }, reason: ' ', now: NOW })).toEqual([
      'reason: give a reason to request; it is shown in the history',
    ]);
    expect(fieldMessages(at('requested'), 'withdraw', { reason: '', now: NOW })).toEqual([
      'reason: give a reason to withdraw; it is shown in the history',
    ]);
    expect(fieldMessages(at('requested'), 'reject', { reason: '\t', now: NOW })).toEqual([
      'reason: give a reason to reject; it is shown in the history',
    ]);
    expect(applyLinkVerb(at('requested'), 'approve', { reason: '', now: NOW }).ok).toBe(true);
    expect(
      applyLinkVerb(at('none'), 'request', { changes: { behaviour: 'direct' }, reason: '  links open for our shoppers  ', now: NOW }),
    ).toMatchObject({ ok: true, reason: 'links open for our shoppers' });
  });

  it('schedules only a set, and only for now or later', () => {
    const later = '2026-12-01T00:00:00.000Z';
    expect(applyLinkVerb(at('none'), 'set', { changes: { behaviour: 'direct' }, reason: '', now: NOW, effectiveAt: later })).toMatchObject({
      ok: true,
      effectiveAt: later,
      state: { behaviour: 'direct' },
    });
    expect(applyLinkVerb(at('none'), 'set', { changes: { behaviour: 'direct' }, reason: '', now: NOW, effectiveAt: NOW })).toMatchObject({
      ok: true,
      effectiveAt: NOW,
    });
    expect(applyLinkVerb(at('none'), 'set', { changes: { behaviour: 'direct' }, reason: '', now: NOW })).toMatchObject({
      ok: true,
      effectiveAt: NOW,
    });
    expect(
      fieldMessages(at('none'), 'set', { changes: { behaviour: 'direct' }, reason: '', now: NOW, effectiveAt: '2026-11-22T08:59:59.999Z' }),
    ).toEqual(['effectiveAt: must be now or later (it is 22 Nov 2026, 09:00 UTC)']);
    expect(fieldMessages(at('none'), 'request', { changes: { behaviour: 'direct' }, reason: 'x', now: NOW, effectiveAt: later })).toEqual([
      'effectiveAt: only a set can be scheduled, not request',
    ]);
  });

  it('takes a rollout only on a set, as a whole number from 0 to 100', () => {
    expect(fieldMessages(at('none'), 'request', { changes: { behaviour: 'direct', rolloutPercent: 10 }, reason: 'x', now: NOW })).toEqual([
      "rolloutPercent: only the host's operator sets a rollout (set), not request",
    ]);
    for (const rolloutPercent of [-1, 101, 12.5]) {
      expect(
        fieldMessages(at('none'), 'set', { changes: { behaviour: 'direct', rolloutPercent }, reason: '', now: NOW }),
        String(rolloutPercent),
      ).toEqual(['rolloutPercent: a whole number from 0 to 100']);
    }
    for (const rolloutPercent of [0, 100]) {
      expect(applyLinkVerb(at('none'), 'set', { changes: { behaviour: 'direct', rolloutPercent }, reason: '', now: NOW })).toMatchObject({
        ok: true,
        state: { rolloutPercent },
      });
    }
  });

  it('says what to give when a verb that changes or asks is given nothing', () => {
    expect(fieldMessages(at('none'), 'request', { reason: 'x', now: NOW })).toEqual([
      'behaviour: say what to ask for: behaviour, preview or share',
    ]);
    expect(fieldMessages(at('none'), 'set', { changes: {}, reason: '', now: NOW })).toEqual([
      'behaviour: say what to change: behaviour, preview or share, or a rollout',
    ]);
    expect(fieldMessages(at('none'), 'announced', { reason: '', now: NOW })).toEqual([
      'behaviour: say what to change: behaviour, preview or share',
    ]);
    expect(fieldMessages(at('none'), 'reported', { reason: '', now: NOW })).toEqual([
      'behaviour: say what to change: behaviour, preview or share',
    ]);
    // An announcement no field can hold (004's "free sharing" in Douyin group chats) says what in its reason.
    expect(applyLinkVerb(at('none'), 'announced', { reason: 'free sharing in group chats', now: NOW })).toMatchObject({ ok: true });
  });

  it('takes a preview or a share alone as something to change', () => {
    expect(applyLinkVerb(at('none'), 'set', { changes: { preview: 'rich' }, reason: '', now: NOW })).toMatchObject({
      ok: true,
      state: { preview: 'rich' },
    });
    expect(applyLinkVerb(at('none'), 'set', { changes: { share: 'one_click' }, reason: '', now: NOW })).toMatchObject({
      ok: true,
      state: { share: 'one_click' },
    });
  });

  it('refuses changes given to a verb that takes none', () => {
    expect(fieldMessages(at('requested'), 'approve', { changes: { behaviour: 'risk_warning' }, reason: '', now: NOW })).toEqual([
      'behaviour: approve takes no changes: it applies what the request asked for',
    ]);
    expect(fieldMessages(at('requested'), 'reject', { changes: { preview: 'rich' }, reason: 'no', now: NOW })).toEqual([
      'behaviour: reject takes no changes: it changes nothing',
    ]);
    expect(fieldMessages(at('requested'), 'withdraw', { changes: { share: 'one_click' }, reason: 'no', now: NOW })).toEqual([
      'behaviour: withdraw takes no changes: it changes nothing',
    ]);
  });
});

describe('what a change does to a rollout in progress', () => {
  const rolling: LinkSnapshot = {
    state: linkState({ behaviour: 'direct', rolloutPercent: 20, fallbackBehaviour: 'confirm_twice' }),
    pendingAsk: null,
  };

  it('a new behaviour starts again at everyone, and the behaviour it replaces is what the rest keep', () => {
    expect(applyLinkVerb(rolling, 'set', { changes: { behaviour: 'risk_warning' }, reason: '', now: NOW })).toMatchObject({
      ok: true,
      fromBehaviour: 'direct',
      state: { behaviour: 'risk_warning', rolloutPercent: 100, fallbackBehaviour: 'direct' },
    });
  });

  it('the same behaviour, or a preview alone, leaves the rollout and its fallback as they were', () => {
    expect(applyLinkVerb(rolling, 'set', { changes: { behaviour: 'direct', preview: 'rich' }, reason: '', now: NOW })).toMatchObject({
      ok: true,
      state: { behaviour: 'direct', preview: 'rich', rolloutPercent: 20, fallbackBehaviour: 'confirm_twice' },
    });
  });

  it('an approval applies only what the request asked, the same way', () => {
    const pending: LinkSnapshot = {
      state: { ...rolling.state, review: 'requested' },
      pendingAsk: { behaviour: 'risk_warning', preview: undefined, share: undefined },
    };
    expect(applyLinkVerb(pending, 'approve', { reason: '', now: NOW })).toMatchObject({
      ok: true,
      asked: null,
      state: { behaviour: 'risk_warning', preview: 'bare', rolloutPercent: 100, fallbackBehaviour: 'direct', review: 'none' },
    });
  });
});
