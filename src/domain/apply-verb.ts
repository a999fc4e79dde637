import { CHANNELS, isChannel, type IntegrationState, type Rules } from './model.ts';
import { formatYuan } from './money.ts';
import { REASON_REQUIRED } from './permissions.ts';
import { formatInstant } from './time.ts';
import { allowedVerbs, nextState, type Verb } from './transitions.ts';

/** Rule changes a verb may ask for; `undefined` leaves a rule as it is, `null` lifts an amount limit. */
export interface RuleChanges {
  rolloutPercent?: number | undefined;
  channels?: readonly string[] | undefined;
  minAmountFen?: number | null | undefined;
  maxAmountFen?: number | null | undefined;
  /** Position among the wallets at checkout (lower first), 0–99. */
  displayOrder?: number | undefined;
}

/** Where an integration stands before the verb. */
export interface VerbSnapshot {
  state: IntegrationState;
  rules: Rules;
}

export interface VerbRequest {
  rules?: RuleChanges | undefined;
  reason: string;
  /** The instant the verb is applied for (ISO-8601 UTC): its effective time unless scheduled. */
  now: string;
  /** Launch only: a later go-live time. */
  effectiveAt?: string | undefined;
}

/** Field names as the forms, the JSON API and the scenario files spell them. */
export type FieldPath = 'reason' | 'effectiveAt' | 'rolloutPercent' | 'channels' | 'minAmount' | 'maxAmount' | 'displayOrder';

export interface FieldError {
  path: FieldPath;
  message: string;
}

export interface AppliedVerb {
  ok: true;
  verb: Verb;
  fromState: IntegrationState;
  toState: IntegrationState;
  rules: Rules;
  reason: string;
  effectiveAt: string;
}

export type VerbRefusal =
  | { ok: false; kind: 'invalid_fields'; errors: [FieldError, ...FieldError[]] }
  | { ok: false; kind: 'invalid_transition'; state: IntegrationState; allowed: Verb[]; message: string };

// A report (the record's verb) may say where a wallet is offered: WeChat Pay at JD.com, inside WeChat.
const RULE_VERBS: readonly Verb[] = ['launch', 'adjust', 'reported'];

const CHANGE_KEYS = ['rolloutPercent', 'channels', 'minAmountFen', 'maxAmountFen', 'displayOrder'] as const satisfies ReadonlyArray<
  keyof RuleChanges
>;

const PATH_OF_CHANGE: Record<keyof RuleChanges, FieldPath> = {
  rolloutPercent: 'rolloutPercent',
  channels: 'channels',
  minAmountFen: 'minAmount',
  maxAmountFen: 'maxAmount',
  displayOrder: 'displayOrder',
};

function isAmountFen(value: number | null): boolean {
  return value === null || (Number.isInteger(value) && value >= 0);
}

/** The rule invariants, checked on the rules as they would be after the verb. */
export function ruleErrors(rules: {
  rolloutPercent: number;
  channels: readonly string[];
  minAmountFen: number | null;
  maxAmountFen: number | null;
  displayOrder?: number;
}): FieldError[] {
  const errors: FieldError[] = [];
  if (rules.displayOrder !== undefined && (!Number.isInteger(rules.displayOrder) || rules.displayOrder < 0 || rules.displayOrder > 99)) {
    errors.push({ path: 'displayOrder', message: 'a whole number from 0 to 99 (lower shows first)' });
  }
  if (!Number.isInteger(rules.rolloutPercent) || rules.rolloutPercent < 0 || rules.rolloutPercent > 100) {
    errors.push({ path: 'rolloutPercent', message: 'a whole number from 0 to 100' });
  }
  if (rules.channels.length === 0) errors.push({ path: 'channels', message: 'choose at least one channel' });
  const unknown = rules.channels.filter((c) => !isChannel(c));
  if (unknown.length > 0) errors.push({ path: 'channels', message: `unknown ${unknown.join(', ')}; each one of: ${CHANNELS.join(', ')}` });
  else if (new Set(rules.channels).size !== rules.channels.length) errors.push({ path: 'channels', message: 'name each channel once' });
  if (!isAmountFen(rules.minAmountFen)) errors.push({ path: 'minAmount', message: 'a whole number of fen, zero or more' });
  if (!isAmountFen(rules.maxAmountFen)) errors.push({ path: 'maxAmount', message: 'a whole number of fen, zero or more' });
  if (rules.minAmountFen !== null && rules.maxAmountFen !== null && rules.minAmountFen > rules.maxAmountFen) {
    errors.push({ path: 'maxAmount', message: `must be at least the minimum (${formatYuan(rules.minAmountFen)})` });
  }
  return errors;
}

function mergeRules(current: Rules, changes: RuleChanges): { rules: Rules; errors: FieldError[] } {
  const merged = {
    ...current,
    ...(changes.rolloutPercent !== undefined && { rolloutPercent: changes.rolloutPercent }),
    ...(changes.minAmountFen !== undefined && { minAmountFen: changes.minAmountFen }),
    ...(changes.maxAmountFen !== undefined && { maxAmountFen: changes.maxAmountFen }),
    ...(changes.displayOrder !== undefined && { displayOrder: changes.displayOrder }),
  };
  const channels = changes.channels ?? merged.channels;
  return { rules: { ...merged, channels: channels.filter(isChannel) }, errors: ruleErrors({ ...merged, channels }) };
}

function inputErrors(verb: Verb, request: VerbRequest): FieldError[] {
  const errors: FieldError[] = [];
  if (REASON_REQUIRED.includes(verb) && request.reason.trim() === '') {
    errors.push({ path: 'reason', message: `give a reason to ${verb}; it is shown to shoppers and in the history` });
  }
  if (request.effectiveAt !== undefined) {
    if (verb !== 'launch') errors.push({ path: 'effectiveAt', message: `only a launch can be scheduled, not ${verb}` });
    else if (request.effectiveAt < request.now)
      errors.push({ path: 'effectiveAt', message: `must be now or later (it is ${formatInstant(request.now)})` });
  }
  const changes = request.rules ?? {};
  const given = CHANGE_KEYS.filter((key) => changes[key] !== undefined);
  const first = given[0];
  if (first !== undefined && !RULE_VERBS.includes(verb)) {
    errors.push({ path: PATH_OF_CHANGE[first], message: `only launch and adjust change the rules, not ${verb}` });
  }
  return errors;
}

/**
 * One verb applied to one integration, without touching anything: the state it
 * goes to and its rules after the requested changes, or why not. Field errors
 * (in the order a person would fix them) come before the state machine's refusal.
 */
export function applyVerb(snapshot: VerbSnapshot, verb: Verb, request: VerbRequest): AppliedVerb | VerbRefusal {
  const errors = inputErrors(verb, request);
  const { rules, errors: ruleProblems } = mergeRules(snapshot.rules, request.rules ?? {});
  const [first, ...rest] = [...errors, ...ruleProblems];
  if (first) return { ok: false, kind: 'invalid_fields', errors: [first, ...rest] };
  const next = nextState(snapshot.state, verb);
  if (!next.ok)
    return { ok: false, kind: 'invalid_transition', state: snapshot.state, allowed: allowedVerbs(snapshot.state), message: next.message };
  return {
    ok: true,
    verb,
    fromState: snapshot.state,
    toState: next.to,
    rules,
    reason: request.reason.trim(),
    effectiveAt: request.effectiveAt ?? request.now,
  };
}
