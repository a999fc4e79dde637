import { formatInstant } from '../time.ts';
import type { FieldError } from '../errors.ts';
import type { Behaviour, LinkChanges, LinkFactField, LinkPolicyState, Review } from './model.ts';

/** What people do to a link policy, through the console and the API. */
export const LINK_ACTION_VERBS = ['request', 'withdraw', 'approve', 'reject', 'set'] as const;
export type LinkActionVerb = (typeof LINK_ACTION_VERBS)[number];
/**
 * The record's own verbs, as for integrations: `reported` holds a policy as an article reports
 * it (with no request or approval invented); `announced` records a change someone announced or
 * expected, and changes nothing. Only a scenario file writes them.
 */
export const LINK_RECORD_VERBS = ['reported', 'announced'] as const;
export const LINK_VERBS = [...LINK_ACTION_VERBS, ...LINK_RECORD_VERBS] as const;
export type LinkVerb = (typeof LINK_VERBS)[number];

export const isLinkVerb = (value: string): value is LinkVerb => LINK_VERBS.some((verb) => verb === value);
export const isLinkRecordVerb = (verb: string): boolean => LINK_RECORD_VERBS.some((recordVerb) => recordVerb === verb);

/** The request lifecycle: which review states each verb leaves from, and where it goes (null: stays). */
export const LINK_TRANSITIONS: Record<LinkVerb, { from: readonly Review[]; to: Review | null }> = {
  request: { from: ['none', 'rejected'], to: 'requested' },
  withdraw: { from: ['requested'], to: 'none' },
  approve: { from: ['requested'], to: 'none' },
  reject: { from: ['requested'], to: 'rejected' },
  set: { from: ['none', 'requested', 'rejected'], to: null },
  reported: { from: ['none', 'requested', 'rejected'], to: null },
  announced: { from: ['none', 'requested', 'rejected'], to: null },
};

/** Verbs refused without a reason: a request says why, a refusal or withdrawal says why not. */
export const LINK_REASON_REQUIRED: readonly LinkVerb[] = ['request', 'withdraw', 'reject'];

/** The verbs a person may use from a review state (the record's verbs are never offered). */
export function allowedLinkVerbs(review: Review): LinkActionVerb[] {
  return LINK_ACTION_VERBS.filter((verb) => LINK_TRANSITIONS[verb].from.includes(review));
}

/** Where a policy stands before the verb: its state and, while one is under review, what the request asks. */
export interface LinkSnapshot {
  state: LinkPolicyState;
  pendingAsk: LinkChanges | null;
}

export interface LinkVerbRequest {
  changes?: (LinkChanges & { rolloutPercent?: number | undefined }) | undefined;
  reason: string;
  /** The instant the verb is applied for (ISO-8601 UTC): its effective time unless scheduled. */
  now: string;
  /** `set` only: a later time the change takes effect. */
  effectiveAt?: string | undefined;
  /** `reported` only: fields the change sets that no article reports (the simulator's assumption). */
  assumed?: readonly LinkFactField[] | undefined;
}

export interface AppliedLinkVerb {
  ok: true;
  verb: LinkVerb;
  fromBehaviour: Behaviour;
  state: LinkPolicyState;
  /** What this event asks for (a request's or an announcement's changes), or what a report reports. */
  asked: LinkChanges | null;
  reason: string;
  effectiveAt: string;
}

export type LinkVerbRefusal =
  | { ok: false; kind: 'invalid_fields'; errors: [FieldError, ...FieldError[]] }
  | { ok: false; kind: 'invalid_transition'; review: Review; allowed: LinkActionVerb[]; message: string };

const CHANGING_VERBS: readonly LinkVerb[] = ['set', 'reported'];
const ASKING_VERBS: readonly LinkVerb[] = ['request', 'announced'];

function inputErrors(verb: LinkVerb, request: LinkVerbRequest): FieldError[] {
  const errors: FieldError[] = [];
  if (LINK_REASON_REQUIRED.includes(verb) && request.reason.trim() === '') {
    errors.push({ path: 'reason', message: `give a reason to ${verb}; it is shown in the history` });
  }
  if (request.effectiveAt !== undefined) {
    if (verb !== 'set') errors.push({ path: 'effectiveAt', message: `only a set can be scheduled, not ${verb}` });
    else if (request.effectiveAt < request.now)
      errors.push({ path: 'effectiveAt', message: `must be now or later (it is ${formatInstant(request.now)})` });
  }
  const changes = request.changes ?? {};
  const { rolloutPercent } = changes;
  const asksSomething = changes.behaviour !== undefined || changes.preview !== undefined || changes.share !== undefined;
  if (rolloutPercent !== undefined) {
    if (!CHANGING_VERBS.includes(verb))
      errors.push({ path: 'rolloutPercent', message: `only the host's operator sets a rollout (set), not ${verb}` });
    else if (!Number.isInteger(rolloutPercent) || rolloutPercent < 0 || rolloutPercent > 100)
      errors.push({ path: 'rolloutPercent', message: 'a whole number from 0 to 100' });
  }
  if (request.assumed?.length && verb !== 'reported')
    errors.push({ path: 'assumed', message: `only a report holds assumptions, not ${verb}` });
  // An announcement may report something no field can hold ("free sharing"): its reason says what.
  if (CHANGING_VERBS.includes(verb) || ASKING_VERBS.includes(verb)) {
    const saysWhat = verb === 'announced' && request.reason.trim() !== '';
    if (!asksSomething && rolloutPercent === undefined && !saysWhat)
      errors.push({
        path: 'behaviour',
        message: `say what to ${verb === 'request' ? 'ask for' : 'change'}: behaviour, preview or share${verb === 'set' ? ', or a rollout' : ''}`,
      });
  } else if (asksSomething) {
    errors.push({
      path: 'behaviour',
      message: `${verb} takes no changes: it ${verb === 'approve' ? 'applies what the request asked for' : 'changes nothing'}`,
    });
  }
  return errors;
}

/** A change applied to a state: a new behaviour rolls out from `rolloutPercent` (default all), the rest keep the old one. */
function applyChanges(state: LinkPolicyState, changes: LinkChanges & { rolloutPercent?: number | undefined }): LinkPolicyState {
  const behaviour = changes.behaviour ?? state.behaviour;
  const changed = behaviour !== state.behaviour;
  return {
    ...state,
    behaviour,
    preview: changes.preview ?? state.preview,
    share: changes.share ?? state.share,
    rolloutPercent: changes.rolloutPercent ?? (changed ? 100 : state.rolloutPercent),
    fallbackBehaviour: changed ? state.behaviour : state.fallbackBehaviour,
  };
}

function askedOf(changes: LinkVerbRequest['changes']): LinkChanges {
  return { behaviour: changes?.behaviour, preview: changes?.preview, share: changes?.share };
}

/** What a report reports: the fields it sets, less those it only assumes. */
function reportedOf(request: LinkVerbRequest): LinkChanges {
  const reported = askedOf(request.changes);
  for (const field of request.assumed ?? []) reported[field] = undefined;
  return reported;
}

/**
 * One verb applied to one link policy, without touching anything: its state after, or why not.
 * Field errors come before the lifecycle's refusal, as for integrations (apply-verb.ts).
 */
export function applyLinkVerb(snapshot: LinkSnapshot, verb: LinkVerb, request: LinkVerbRequest): AppliedLinkVerb | LinkVerbRefusal {
  const [first, ...rest] = inputErrors(verb, request);
  if (first) return { ok: false, kind: 'invalid_fields', errors: [first, ...rest] };
  const { state } = snapshot;
  const transition = LINK_TRANSITIONS[verb];
  if (!transition.from.includes(state.review)) {
    const allowed = allowedLinkVerbs(state.review);
    return {
      ok: false,
      kind: 'invalid_transition',
      review: state.review,
      allowed,
      message: `Cannot ${verb} a link policy whose review is ${state.review}; allowed from ${state.review}: ${allowed.join(', ') || 'nothing'}.`,
    };
  }
  const review = transition.to ?? state.review;
  let next: LinkPolicyState = { ...state, review };
  if (CHANGING_VERBS.includes(verb)) next = { ...applyChanges(state, request.changes ?? {}), review };
  if (verb === 'approve') next = { ...applyChanges(state, snapshot.pendingAsk ?? {}), review };
  return {
    ok: true,
    verb,
    fromBehaviour: state.behaviour,
    state: next,
    asked: ASKING_VERBS.includes(verb) ? askedOf(request.changes) : verb === 'reported' ? reportedOf(request) : null,
    reason: request.reason.trim(),
    effectiveAt: request.effectiveAt ?? request.now,
  };
}
