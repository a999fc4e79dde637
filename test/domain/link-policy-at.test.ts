import { describe, expect, it } from 'vitest';
import { linkPolicyAt } from '../../src/domain/links/policy-at.ts';
import { linkEvent as event } from './link-factories.ts';

const SEPT = '2021-09-30T00:00:00.000Z';
const OCT = '2021-10-15T00:00:00.000Z';
const NOV = '2021-11-29T00:00:00.000Z';
const DEC = '2021-12-31T00:00:00.000Z';

describe('since when a link policy has been as it is', () => {
  it('goes back through the events that changed nothing, to the very first one', () => {
    const events = [event(1, SEPT, { behaviour: 'confirm_twice' }), event(2, OCT, { behaviour: 'confirm_twice' })];
    expect(linkPolicyAt(events, DEC, 'one_to_one').since?.id).toBe(1);
  });

  it('stops at a change of preview, share or rollout as at a change of behaviour', () => {
    for (const change of [{ preview: 'rich' }, { share: 'one_click' }, { rolloutPercent: 40 }] as const) {
      const events = [
        event(1, SEPT, { behaviour: 'direct' }),
        event(2, OCT, { behaviour: 'direct', ...change }),
        event(3, NOV, { behaviour: 'direct', ...change }),
      ];
      expect(linkPolicyAt(events, DEC, 'one_to_one').since?.id, JSON.stringify(change)).toBe(2);
    }
  });

  it('reads the events in the order they took effect, whatever order they were recorded in', () => {
    // A report of an earlier date added after later ones: the ids are not the order of effect.
    const events = [
      event(3, NOV, { behaviour: 'direct' }),
      event(1, OCT, { behaviour: 'direct' }),
      event(2, SEPT, { behaviour: 'confirm_twice' }),
    ];
    expect(linkPolicyAt(events, DEC, 'one_to_one').since?.id).toBe(1);
    const reversed = [
      event(1, NOV, { behaviour: 'direct' }),
      event(2, OCT, { behaviour: 'direct' }),
      event(3, SEPT, { behaviour: 'confirm_twice' }),
    ];
    expect(linkPolicyAt(reversed, DEC, 'one_to_one').since?.id).toBe(2);
  });

  it('orders events that took effect at the same instant by when they were recorded', () => {
    const events = [
      event(3, OCT, { behaviour: 'direct' }),
      event(2, OCT, { behaviour: 'direct' }),
      event(1, SEPT, { behaviour: 'confirm_twice' }),
    ];
    expect(linkPolicyAt(events, DEC, 'one_to_one')).toMatchObject({ state: { behaviour: 'direct' }, since: { id: 2 } });
    const changed = [
      event(2, OCT, { behaviour: 'risk_warning' }),
      event(3, OCT, { behaviour: 'direct' }),
      event(1, SEPT, { behaviour: 'direct' }),
    ];
    expect(linkPolicyAt(changed, DEC, 'one_to_one')).toMatchObject({ state: { behaviour: 'direct' }, since: { id: 3 } });
  });

  it('skips a cancelled event, which never took effect', () => {
    const events = [
      event(1, SEPT, { behaviour: 'direct' }, { status: 'cancelled', cancelledAt: SEPT }),
      event(2, OCT, { behaviour: 'direct' }),
    ];
    expect(linkPolicyAt(events, DEC, 'one_to_one').since?.id).toBe(2);
  });
});

describe('the request under review and the announcement, at a time', () => {
  const request = event(
    2,
    OCT,
    { behaviour: 'blocked', review: 'requested' },
    { verb: 'request', asked: { behaviour: 'direct' }, askedBy: 'ali.ops' },
  );
  const history = [event(1, SEPT, { behaviour: 'blocked' }), request];

  it('shows the request while it is under review, and not once it is decided', () => {
    expect(linkPolicyAt(history, NOV, 'one_to_one').pendingRequest?.id).toBe(2);
    const approved = event(3, NOV, { behaviour: 'direct' }, { verb: 'approve' });
    expect(linkPolicyAt([...history, approved], DEC, 'one_to_one').pendingRequest).toBeNull();
    expect(linkPolicyAt(history, SEPT, 'one_to_one').pendingRequest).toBeNull();
  });

  it('is the latest announcement by then, even after later changes, and an announcement is in effect from its own instant', () => {
    const announced = event(3, NOV, { behaviour: 'blocked', review: 'requested' }, { verb: 'announced', asked: { share: 'one_click' } });
    const later = event(4, DEC, { behaviour: 'blocked', review: 'requested' });
    const events = [...history, announced, later];
    expect(linkPolicyAt(events, NOV, 'one_to_one').announcement?.id).toBe(3);
    expect(linkPolicyAt(events, DEC, 'one_to_one')).toMatchObject({ announcement: { id: 3 }, pendingRequest: { id: 2 } });
    expect(linkPolicyAt(events, OCT, 'one_to_one').announcement).toBeNull();
  });

  it('does not show an announcement that was cancelled, or one recorded for later, which is pending instead', () => {
    const cancelled = event(
      3,
      OCT,
      { behaviour: 'blocked' },
      { verb: 'announced', asked: { share: 'one_click' }, status: 'cancelled', cancelledAt: OCT },
    );
    expect(linkPolicyAt([event(1, SEPT, {}), cancelled], DEC, 'one_to_one').announcement).toBeNull();
    const expected = event(3, DEC, { behaviour: 'blocked' }, { verb: 'announced', asked: { share: 'one_click' }, recordedAt: SEPT });
    expect(linkPolicyAt([event(1, SEPT, {}), expected], NOV, 'one_to_one')).toMatchObject({ announcement: null, pending: { id: 3 } });
  });
});

describe('what a link policy stands on: reported or assumed (defaults are not facts)', () => {
  it('holds the walled-garden default as an assumption, with no since and no facts', () => {
    const at = linkPolicyAt([], DEC, 'one_to_one');
    expect(at).toMatchObject({ basis: 'assumed', since: null, facts: { behaviour: null, preview: null, share: null } });
  });

  it('holds only what a report reports: a preview alone leaves how the link opens assumed', () => {
    const preview = event(1, SEPT, { preview: 'rich' }, { asked: { preview: 'rich' }, sourceFile: '001_88c09b51e0654d57.txt' });
    const at = linkPolicyAt([preview], DEC, 'one_to_one');
    expect(at).toMatchObject({ basis: 'assumed', since: null, state: { preview: 'rich', behaviour: 'blocked' } });
    expect(at.facts.preview?.id).toBe(1);
  });

  it('holds a behaviour a report sets without reporting it as assumed, until a later report reports it', () => {
    const opened = event(1, SEPT, { behaviour: 'confirm_twice', share: 'copy_paste' }, { asked: { share: 'copy_paste' } });
    const confirmed = event(2, OCT, { behaviour: 'confirm_twice' }, { asked: { behaviour: 'confirm_twice' } });
    expect(linkPolicyAt([opened, confirmed], '2021-10-01T00:00:00.000Z', 'one_to_one')).toMatchObject({ basis: 'assumed', since: null });
    // Since the report, not since the assumption it agrees with.
    expect(linkPolicyAt([opened, confirmed], DEC, 'one_to_one')).toMatchObject({ basis: 'reported', since: { id: 2 } });
  });

  it("takes a person's set as a fact of this world", () => {
    const set = event(1, SEPT, { behaviour: 'direct' }, { verb: 'set', actorRole: 'operator', datePrecision: 'exact' });
    expect(linkPolicyAt([set], DEC, 'one_to_one')).toMatchObject({ basis: 'reported', since: { id: 1 } });
  });

  it('is partial until a promise of full coverage takes effect, complete after; the promise is no announcement of a change', () => {
    const direct = event(1, NOV, { behaviour: 'direct' }, { asked: { behaviour: 'direct' } });
    const promise = event(
      2,
      '2021-12-01T00:00:00.000Z',
      { behaviour: 'direct' },
      { verb: 'announced', asked: { behaviour: 'direct' }, fromBehaviour: 'direct', datePrecision: 'expected' },
    );
    const nov30 = linkPolicyAt([direct, promise], '2021-11-30T23:59:59.999Z', 'one_to_one');
    expect(nov30.coverage).toMatchObject({ complete: false, promise: { id: 2 } });
    const dec2 = linkPolicyAt([direct, promise], '2021-12-02T23:59:59.999Z', 'one_to_one');
    expect(dec2.coverage?.complete).toBe(true);
    expect(dec2.announcement).toBeNull();
    expect(linkPolicyAt([direct], DEC, 'one_to_one').coverage).toBeNull();
  });
});
