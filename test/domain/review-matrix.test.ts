import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES,
  type IntegrationEvent,
  type IntegrationHistory,
  type IntegrationState,
  type Rules,
} from '../../src/domain/model.ts';
import { CHANGE_LABELS, diffBetween } from '../../src/domain/review/diff.ts';
import { matrixAt, type MatrixCell } from '../../src/domain/review/matrix.ts';
import { allowedVerbs, TRANSITIONS } from '../../src/domain/transitions.ts';

const DAYS = ['2021-01-01', '2021-03-01', '2021-06-01', '2021-09-01', '2021-09-20', '2021-10-15', '2021-12-31'].map(
  (d) => `${d}T00:00:00.000Z`,
);

/** A random but valid history per integration: a walk of the state machine with random times, some scheduled and cancelled. */
const historyArb = (integrationId: number) =>
  fc
    .array(
      fc.record({
        pick: fc.nat(20),
        day: fc.nat(DAYS.length - 1),
        rollout: fc.constantFrom(10, 50, 100),
        cancelled: fc.boolean(),
        early: fc.boolean(),
      }),
      { maxLength: 8 },
    )
    .map((steps): IntegrationHistory => {
      let state: IntegrationState = 'not_requested';
      const events = steps.map((step, i): IntegrationEvent => {
        const verbs = allowedVerbs(state);
        const verb = verbs[step.pick % verbs.length] as (typeof verbs)[number];
        const to = TRANSITIONS[verb].to;
        const effectiveAt = DAYS[step.day] as string;
        const recordedAt = step.early ? (DAYS[0] as string) : effectiveAt;
        const cancelled = step.cancelled && step.early;
        const rules: Rules = { ...DEFAULT_RULES, rolloutPercent: step.rollout };
        const event: IntegrationEvent = {
          id: integrationId * 100 + i,
          integrationId,
          version: i + 1,
          verb,
          fromState: state,
          toState: to,
          actor: 'someone',
          actorRole: 'operator',
          reason: '',
          recordedAt,
          effectiveAt,
          status: cancelled ? 'cancelled' : 'active',
          cancelledAt: cancelled ? effectiveAt : null,
          rules,
          sourceFile: null,
          datePrecision: 'exact',
          dateNote: '',
        };
        state = to;
        return event;
      });
      return { integrationId, storefrontSlug: `shop-${integrationId}`, walletSlug: 'wechat-pay', events };
    });

const worldArb = fc.tuple(historyArb(1), historyArb(2), historyArb(3), historyArb(4));

/** The oracle: fold every active event effective at or before `at`, in effective order. */
function replay(history: IntegrationHistory, at: string): { state: IntegrationState; rules: Rules } {
  const inForce = history.events
    .filter((e) => e.status === 'active' && e.effectiveAt <= at)
    .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.id - b.id);
  return inForce.reduce((snapshot, e) => ({ state: e.toState, rules: e.rules }), {
    state: 'not_requested' as IntegrationState,
    rules: DEFAULT_RULES,
  });
}

const stateAndRules = (cell: MatrixCell) => ({ state: cell.state, rules: cell.rules });

describe('the matrix as of a date', () => {
  it('for any event log, equals replaying the events effective at or before that date', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...DAYS, '2020-06-01T00:00:00.000Z', '2021-09-10T12:00:00.000Z'), (histories, at) => {
        expect(matrixAt(histories, at).map(stateAndRules)).toEqual(histories.map((h) => replay(h, at)));
      }),
      { numRuns: 300 },
    );
  });

  it('for any event log, its diff between two dates is the difference of two replayed snapshots', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...DAYS), fc.constantFrom(...DAYS), (histories, from, to) => {
        const expected = histories
          .map((h) => ({ key: h.storefrontSlug, from: replay(h, from), to: replay(h, to) }))
          // A difference counts when the state differs, or the rules of an integration live at both dates.
          .filter((x) => x.from.state !== x.to.state || (x.from.state === 'live' && JSON.stringify(x.from) !== JSON.stringify(x.to)));
        const actual = diffBetween(matrixAt(histories, from), matrixAt(histories, to));
        expect(actual.map((d) => ({ key: d.storefrontSlug, from: d.from, to: d.to }))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('says which fields changed, and lists nothing when nothing changed', () => {
    const base: MatrixCell = {
      integrationId: 1,
      storefrontSlug: 'eleme',
      walletSlug: 'wechat-pay',
      state: 'live',
      rules: DEFAULT_RULES,
      since: null,
      pending: null,
    };
    expect(diffBetween([base], [base])).toEqual([]);
    const raised = { ...base, rules: { ...DEFAULT_RULES, rolloutPercent: 50, channels: ['app' as const] } };
    expect(diffBetween([base], [raised])[0]?.changed).toEqual(['rolloutPercent', 'channels']);
    expect(diffBetween([{ ...base, state: 'requested' }], [base])[0]?.changed).toEqual(['state']);
  });

  it('a launch changes the state only: rules a shopper never met are not listed (display order included)', () => {
    const approved: MatrixCell = {
      integrationId: 1,
      storefrontSlug: 'eleme',
      walletSlug: 'wechat-pay',
      state: 'approved',
      rules: DEFAULT_RULES,
      since: null,
      pending: null,
    };
    const launched = { ...approved, state: 'live' as const, rules: { ...DEFAULT_RULES, displayOrder: 7 } };
    expect(diffBetween([approved], [launched])[0]?.changed).toEqual(['state']);
    expect(diffBetween([launched], [{ ...launched, rules: { ...launched.rules, displayOrder: 2 } }])[0]?.changed).toEqual(['displayOrder']);
    expect(CHANGE_LABELS.displayOrder).toBe('display order');
  });
});
