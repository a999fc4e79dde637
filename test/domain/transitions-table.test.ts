import { describe, expect, it } from 'vitest';
import { STATES, type IntegrationState } from '../../src/domain/model.ts';
import { ACTION_VERBS, allowedVerbs, nextState, type ActionVerb } from '../../src/domain/transitions.ts';

/** The table in shared/docs/domain.md, written out by hand: the code's table must be this one. */
const DOCUMENTED: Record<ActionVerb, { from: IntegrationState[]; to: IntegrationState }> = {
  request: { from: ['not_requested', 'rejected'], to: 'requested' },
  withdraw: { from: ['requested'], to: 'not_requested' },
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  launch: { from: ['approved'], to: 'live' },
  adjust: { from: ['live'], to: 'live' },
  suspend: { from: ['live'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'live' },
  revoke: { from: ['approved', 'live', 'suspended'], to: 'not_requested' },
};

describe('the state machine is the one the domain doc gives', () => {
  for (const verb of ACTION_VERBS) {
    for (const state of STATES) {
      const allowed = DOCUMENTED[verb].from.includes(state);
      it(`${verb} from ${state} is ${allowed ? `allowed, to ${DOCUMENTED[verb].to}` : 'refused'}`, () => {
        const next = nextState(state, verb);
        if (allowed) expect(next).toEqual({ ok: true, to: DOCUMENTED[verb].to });
        else expect(next.ok).toBe(false);
      });
    }
  }

  it("the record's own verb holds a state an article reports, from not requested only", () => {
    expect(nextState('not_requested', 'reported')).toEqual({ ok: true, to: 'live' });
    for (const state of STATES.filter((s) => s !== 'not_requested')) expect(nextState(state, 'reported').ok).toBe(false);
  });

  it('a refusal names the state in words, then as the API spells it, then what is allowed from it', () => {
    expect(nextState('live', 'approve')).toEqual({
      ok: false,
      message: 'Cannot approve an integration that is live (live); allowed from live: adjust, suspend, revoke.',
    });
    const words: Record<IntegrationState, string> = {
      not_requested: 'not requested',
      requested: 'requested',
      approved: 'approved',
      live: 'live',
      rejected: 'rejected',
      suspended: 'suspended',
    };
    for (const state of STATES) {
      const next = nextState(state, state === 'requested' ? 'launch' : 'approve');
      expect(!next.ok && next.message).toContain(`an integration that is ${words[state]} (${state});`);
    }
  });

  it('a suspended integration can be resumed or revoked, and nothing else', () => {
    expect(allowedVerbs('suspended')).toEqual(['resume', 'revoke']);
  });
});
