import type { IntegrationState } from './model.ts';
import { STATE_LABELS } from './model.ts';

export { ACTION_VERBS, RECORD_VERBS, VERBS, type ActionVerb, type Verb } from './verbs.ts';
import { ACTION_VERBS, RECORD_VERBS, VERBS, type Verb } from './verbs.ts';
import { isOneOf } from './one-of.ts';

/** The state machine from shared/docs/domain.md (beside the checkout): which states each verb leaves from, and where it goes. */
export const TRANSITIONS: Record<Verb, { from: readonly IntegrationState[]; to: IntegrationState }> = {
  request: { from: ['not_requested', 'rejected'], to: 'requested' },
  withdraw: { from: ['requested'], to: 'not_requested' },
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  launch: { from: ['approved'], to: 'live' },
  adjust: { from: ['live'], to: 'live' },
  suspend: { from: ['live'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'live' },
  revoke: { from: ['approved', 'live', 'suspended'], to: 'not_requested' },
  reported: { from: ['not_requested'], to: 'live' },
  reported_not_offered: { from: ['not_requested'], to: 'not_requested' },
};

export function isRecordVerb(verb: string): boolean {
  return isOneOf(RECORD_VERBS, verb);
}

/** The verbs a person may use from `state` (the record's own verb is never offered). */
export function allowedVerbs(state: IntegrationState): Verb[] {
  return ACTION_VERBS.filter((verb) => TRANSITIONS[verb].from.includes(state));
}

export function isVerb(value: string): value is Verb {
  return isOneOf(VERBS, value);
}

/** The target state, or a sentence naming the state and the verbs allowed from it. */
export function nextState(state: IntegrationState, verb: Verb): { ok: true; to: IntegrationState } | { ok: false; message: string } {
  const transition = TRANSITIONS[verb];
  if (transition.from.includes(state)) return { ok: true, to: transition.to };
  const allowed = allowedVerbs(state);
  return {
    ok: false,
    message: `Cannot ${verb} an integration that is ${STATE_LABELS[state].toLowerCase()} (${state}); allowed from ${state}: ${allowed.join(', ') || 'nothing'}.`,
  };
}
