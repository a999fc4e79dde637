import type { IntegrationState } from './model.ts';
import { REASON_REQUIRED } from './permissions.ts';
import { allowedVerbs, TRANSITIONS, type Verb } from './transitions.ts';

/** How an action looks: `destructive` verbs take a person out of a working state, so their button is secondary. */
export type VerbTone = 'primary' | 'destructive';

export interface VerbPresentation {
  verb: Verb;
  /** The button and the legend: "Approve". */
  label: string;
  /** Where the verb takes the integration (from the state machine). */
  to: IntegrationState;
  tone: VerbTone;
  /** Refused without a reason. */
  reasonRequired: boolean;
  /** The form carries the rules: rollout, channels, amounts. */
  takesRules: boolean;
  /** The form carries a go-live time. */
  schedulable: boolean;
  /** Asked again on a confirmation page before it applies. */
  confirms: boolean;
}

const DESTRUCTIVE: readonly Verb[] = ['reject', 'suspend', 'revoke', 'withdraw'];
const TAKES_RULES: readonly Verb[] = ['launch', 'adjust'];
const SCHEDULABLE: readonly Verb[] = ['launch'];
const CONFIRMED: readonly Verb[] = ['withdraw', 'suspend', 'revoke'];

/** Everything a form for `verb` needs to know about the verb itself, independent of who looks at it. */
export function presentVerb(verb: Verb): VerbPresentation {
  return {
    verb,
    label: verb[0]!.toUpperCase() + verb.slice(1),
    to: TRANSITIONS[verb].to,
    tone: DESTRUCTIVE.includes(verb) ? 'destructive' : 'primary',
    reasonRequired: REASON_REQUIRED.includes(verb),
    takesRules: TAKES_RULES.includes(verb),
    schedulable: SCHEDULABLE.includes(verb),
    confirms: CONFIRMED.includes(verb),
  };
}

/**
 * Four-eyes, said where the Approve form would be: the person who made the request sees why there
 * is no form for them (an admin may otherwise approve anything).
 */
export function ownRequestNote(username: string, requestedBy: string | null, state: IntegrationState): string | null {
  if (requestedBy !== username || !allowedVerbs(state).includes('approve')) return null;
  return 'You made this request; another reviewer must approve it.';
}
