import { eventInForceAt } from '../timeline.ts';
import { defaultLinkState, type LinkPolicyEvent, type LinkPolicyState, type Surface } from './model.ts';

/** A link policy at one instant, derived from its events. */
export interface LinkPolicySnapshot {
  state: LinkPolicyState;
  /** The event from which the policy has been as it is (the first of a run of events that changed nothing); null: the default. */
  since: LinkPolicyEvent | null;
  /** A change recorded by then that takes effect later (a scheduled set, an expected one-click sharing). */
  pending: LinkPolicyEvent | null;
  /** While a request is under review: the request. */
  pendingRequest: LinkPolicyEvent | null;
  /** The latest announcement in effect (asked, not applied), if any. */
  announcement: LinkPolicyEvent | null;
}

const sameState = (a: LinkPolicyState, b: LinkPolicyState): boolean =>
  a.behaviour === b.behaviour && a.preview === b.preview && a.share === b.share && a.rolloutPercent === b.rolloutPercent;

const byEffective = (a: LinkPolicyEvent, b: LinkPolicyEvent): number =>
  a.effectiveAt === b.effectiveAt ? a.id - b.id : a.effectiveAt < b.effectiveAt ? -1 : 1;

/** The policy at `at` (ISO-8601 UTC), as integrationAt does for an integration; before any event, the walled-garden default. */
export function linkPolicyAt(events: readonly LinkPolicyEvent[], at: string, surface: Surface): LinkPolicySnapshot {
  const { current, pending } = eventInForceAt(events, at);
  if (!current) return { state: defaultLinkState(surface), since: null, pending, pendingRequest: null, announcement: null };
  const past = events.filter((e) => e.status === 'active' && e.effectiveAt <= at).sort(byEffective);
  let since = current;
  for (let i = past.indexOf(current) - 1; i >= 0; i -= 1) {
    const earlier = past[i];
    if (!earlier || !sameState(earlier.state, current.state)) break;
    since = earlier;
  }
  const latest = (verb: string) => past.filter((e) => e.verb === verb).at(-1) ?? null;
  return {
    state: current.state,
    since,
    pending,
    pendingRequest: current.state.review === 'requested' ? latest('request') : null,
    announcement: latest('announced'),
  };
}
