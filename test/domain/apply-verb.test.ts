import { describe, expect, it } from 'vitest';
import { applyVerb, ruleErrors, type VerbRequest } from '../../src/domain/apply-verb.ts';
import { DEFAULT_RULES, type IntegrationState } from '../../src/domain/model.ts';
import { rules } from '../support/events.ts';

const NOW = '2026-11-22T09:00:00.000Z';
const at = (state: IntegrationState, overrides = {}) => ({ state, rules: rules(overrides) });
const asked = (request: Partial<VerbRequest> = {}): VerbRequest => ({ reason: '', now: NOW, ...request });

describe('applyVerb: the next state and rules of one verb', () => {
  it('launches an approved integration now, keeping its rules', () => {
    expect(applyVerb(at('approved'), 'launch', asked({ reason: '  go  ' }))).toEqual({
      ok: true,
      verb: 'launch',
      fromState: 'approved',
      toState: 'live',
      rules: DEFAULT_RULES,
      reason: 'go',
      effectiveAt: NOW,
    });
  });

  it('schedules a launch for a later time, or exactly now', () => {
    const later = '2026-12-01T08:00:00.000Z';
    expect(applyVerb(at('approved'), 'launch', asked({ effectiveAt: later }))).toMatchObject({ ok: true, effectiveAt: later });
    expect(applyVerb(at('approved'), 'launch', asked({ effectiveAt: NOW }))).toMatchObject({ ok: true, effectiveAt: NOW });
  });

  it('refuses a launch scheduled in the past, saying what time it is', () => {
    expect(applyVerb(at('approved'), 'launch', asked({ effectiveAt: '2026-11-22T08:59:59.999Z' }))).toEqual({
      ok: false,
      kind: 'invalid_fields',
      errors: [{ path: 'effectiveAt', message: 'must be now or later (it is 22 Nov 2026, 09:00 UTC)' }],
    });
  });

  it('refuses to schedule anything but a launch', () => {
    expect(applyVerb(at('live'), 'adjust', asked({ effectiveAt: '2026-12-01T08:00:00.000Z' }))).toEqual({
      ok: false,
      kind: 'invalid_fields',
      errors: [{ path: 'effectiveAt', message: 'only a launch can be scheduled, not adjust' }],
    });
  });

  it('merges the rules an adjust changes and keeps the others', () => {
    const before = at('live', { rolloutPercent: 10, minAmountFen: 100, maxAmountFen: 5000, displayOrder: 2 });
    const applied = applyVerb(
      before,
      'adjust',
      asked({ rules: { rolloutPercent: 50, channels: ['app', 'mini_program'], maxAmountFen: null } }),
    );
    expect(applied).toMatchObject({
      ok: true,
      toState: 'live',
      rules: { rolloutPercent: 50, channels: ['app', 'mini_program'], minAmountFen: 100, maxAmountFen: null, displayOrder: 2 },
    });
    const lifted = applyVerb(before, 'adjust', asked({ rules: { minAmountFen: null } }));
    expect(lifted).toMatchObject({ ok: true, rules: { rolloutPercent: 10, minAmountFen: null, maxAmountFen: 5000 } });
  });

  it('moves the wallet in the checkout list by its display order, a whole number from 0 to 99', () => {
    const before = at('live', { displayOrder: 2 });
    expect(applyVerb(before, 'adjust', asked({ rules: { displayOrder: 0 } }))).toMatchObject({ ok: true, rules: { displayOrder: 0 } });
    expect(applyVerb(before, 'adjust', asked({ rules: { displayOrder: 99 } }))).toMatchObject({ ok: true, rules: { displayOrder: 99 } });
    for (const displayOrder of [-1, 100, 2.5]) {
      expect(applyVerb(before, 'adjust', asked({ rules: { displayOrder } })), String(displayOrder)).toEqual({
        ok: false,
        kind: 'invalid_fields',
        errors: [{ path: 'displayOrder', message: 'a whole number from 0 to 99 (lower shows first)' }],
      });
    }
  });

  it('allows a minimum equal to the maximum', () => {
    expect(applyVerb(at('live'), 'adjust', asked({ rules: { minAmountFen: 2000, maxAmountFen: 2000 } }))).toMatchObject({
      ok: true,
      rules: { minAmountFen: 2000, maxAmountFen: 2000 },
    });
  });

  it('refuses a minimum above the maximum, also when only one of them changes', () => {
    const refusal = {
      ok: false,
      kind: 'invalid_fields',
      errors: [{ path: 'maxAmount', message: 'must be at least the minimum (¥20.01)' }],
    };
    expect(applyVerb(at('live'), 'adjust', asked({ rules: { minAmountFen: 2001, maxAmountFen: 2000 } }))).toEqual(refusal);
    expect(applyVerb(at('live', { maxAmountFen: 2000 }), 'adjust', asked({ rules: { minAmountFen: 2001 } }))).toEqual(refusal);
  });

  it('refuses rule changes with any verb but launch and adjust, naming the field as the API spells it', () => {
    for (const [change, path] of [
      [{ rolloutPercent: 10 }, 'rolloutPercent'],
      [{ channels: ['app'] }, 'channels'],
      [{ minAmountFen: 100 }, 'minAmount'],
      [{ maxAmountFen: null }, 'maxAmount'],
    ] as const) {
      expect(applyVerb(at('requested'), 'approve', asked({ rules: change }))).toEqual({
        ok: false,
        kind: 'invalid_fields',
        errors: [{ path, message: 'only launch and adjust change the rules, not approve' }],
      });
    }
    expect(applyVerb(at('requested'), 'approve', asked({ rules: { rolloutPercent: undefined } }))).toMatchObject({ ok: true });
  });

  it('requires a reason to reject or suspend, and no reason for the other verbs', () => {
    expect(applyVerb(at('requested'), 'reject', asked({ reason: '   ' }))).toEqual({
      ok: false,
      kind: 'invalid_fields',
      errors: [{ path: 'reason', message: 'give a reason to reject; it is shown to shoppers and in the history' }],
    });
    expect(applyVerb(at('live'), 'suspend', asked({ reason: 'Risk review' }))).toMatchObject({
      ok: true,
      toState: 'suspended',
      reason: 'Risk review',
    });
    expect(applyVerb(at('requested'), 'approve', asked())).toMatchObject({ ok: true, toState: 'approved', reason: '' });
  });

  it('refuses a verb the state does not allow, naming the state and the verbs it allows', () => {
    expect(applyVerb(at('not_requested'), 'launch', asked())).toEqual({
      ok: false,
      kind: 'invalid_transition',
      state: 'not_requested',
      allowed: ['request'],
      message: 'Cannot launch an integration that is not requested (not_requested); allowed from not_requested: request.',
    });
  });

  it('reports bad fields before the state machine, in the order a person fixes them', () => {
    const applied = applyVerb(at('not_requested'), 'suspend', asked({ effectiveAt: NOW, rules: { rolloutPercent: 101, channels: [] } }));
    expect(applied).toEqual({
      ok: false,
      kind: 'invalid_fields',
      errors: [
        { path: 'reason', message: 'give a reason to suspend; it is shown to shoppers and in the history' },
        { path: 'effectiveAt', message: 'only a launch can be scheduled, not suspend' },
        { path: 'rolloutPercent', message: 'only launch and adjust change the rules, not suspend' },
        { path: 'rolloutPercent', message: 'a whole number from 0 to 100' },
        { path: 'channels', message: 'choose at least one channel' },
      ],
    });
  });
});

describe('the rule invariants', () => {
  const valid = { rolloutPercent: 100, channels: ['app'], minAmountFen: null, maxAmountFen: null };

  it('accept the defaults and the edges of each range', () => {
    expect(ruleErrors(DEFAULT_RULES)).toEqual([]);
    expect(ruleErrors({ ...valid, rolloutPercent: 0, minAmountFen: 0, maxAmountFen: 0 })).toEqual([]);
    expect(ruleErrors({ ...valid, rolloutPercent: 100 })).toEqual([]);
  });

  it('keep the rollout a whole percentage from 0 to 100', () => {
    for (const rolloutPercent of [-1, 101, 50.5, Number.NaN]) {
      expect(ruleErrors({ ...valid, rolloutPercent })).toEqual([{ path: 'rolloutPercent', message: 'a whole number from 0 to 100' }]);
    }
  });

  it('want at least one channel, each a known one, each once', () => {
    expect(ruleErrors({ ...valid, channels: [] })).toEqual([{ path: 'channels', message: 'choose at least one channel' }]);
    expect(ruleErrors({ ...valid, channels: ['app', 'fax', 'kiosk'] })).toEqual([
      { path: 'channels', message: 'unknown fax, kiosk; each one of: app, mini_program, mobile_web, desktop_web' },
    ]);
    expect(ruleErrors({ ...valid, channels: ['app', 'app'] })).toEqual([{ path: 'channels', message: 'name each channel once' }]);
  });

  it('keep amount limits whole, non-negative fen', () => {
    const message = 'a whole number of fen, zero or more';
    expect(ruleErrors({ ...valid, minAmountFen: -1 })).toEqual([{ path: 'minAmount', message }]);
    expect(ruleErrors({ ...valid, maxAmountFen: 10.5 })).toEqual([{ path: 'maxAmount', message }]);
  });

  it('never let the minimum pass the maximum', () => {
    expect(ruleErrors({ ...valid, minAmountFen: 501, maxAmountFen: 500 })).toEqual([
      { path: 'maxAmount', message: 'must be at least the minimum (¥5.01)' },
    ]);
    expect(ruleErrors({ ...valid, minAmountFen: 500, maxAmountFen: 501 })).toEqual([]);
  });

  it('a launch with an unknown channel is refused and nothing unknown reaches the rules', () => {
    expect(applyVerb(at('approved'), 'launch', asked({ rules: { channels: ['app', 'pager'] } }))).toMatchObject({
      ok: false,
      kind: 'invalid_fields',
    });
  });
});
