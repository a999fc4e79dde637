import { eventInForceAt } from '../timeline.ts';
import {
  defaultLinkState,
  LINK_FACT_FIELDS,
  type Basis,
  type LinkFactField,
  type LinkPolicyEvent,
  type LinkPolicyState,
  type Surface,
} from './model.ts';

/** Per field, the event that reports it as it is, or null: assumed (the walled-garden default or the simulator's reading). */
export type LinkFacts = Record<LinkFactField, LinkPolicyEvent | null>;

/** While a host rolls a behaviour out to everyone by a promised day: partial until then, complete after. */
export interface LinkCoverage {
  complete: boolean;
  /** The announcement of full coverage (its date is when coverage is complete). */
  promise: LinkPolicyEvent;
}

/** A link policy at one instant, derived from its events. */
export interface LinkPolicySnapshot {
  state: LinkPolicyState;
  /** The event from which the link has opened as it does, as reported (null: how it opens is assumed). */
  since: LinkPolicyEvent | null;
  /** What each field stands on: `assumed` is shown as an assumption, with no source and no date. */
  basis: Basis;
  facts: LinkFacts;
  /** A behaviour still reaching everyone (003: "fully covered over the coming two days"); null: nothing said. */
  coverage: LinkCoverage | null;
  /** A change recorded by then that takes effect later (a scheduled set, an expected one-click sharing). */
  pending: LinkPolicyEvent | null;
  /** While a request is under review: the request. */
  pendingRequest: LinkPolicyEvent | null;
  /** The latest announcement in effect (asked, not applied), if any; a promise of full coverage is `coverage`. */
  announcement: LinkPolicyEvent | null;
}

const sameState = (a: LinkPolicyState, b: LinkPolicyState): boolean =>
  a.behaviour === b.behaviour && a.preview === b.preview && a.share === b.share && a.rolloutPercent === b.rolloutPercent;

const byEffective = (a: LinkPolicyEvent, b: LinkPolicyEvent): number =>
  a.effectiveAt === b.effectiveAt ? a.id - b.id : a.effectiveAt < b.effectiveAt ? -1 : 1;

const NO_FACTS: LinkFacts = { behaviour: null, preview: null, share: null };

/**
 * The facts after one event. A report holds the fields it reports (a report written before reports
 * were itemised holds them all); a field it changes without reporting it is an assumption. A person's
 * set or approval is a fact of this world for every field it changes. Announcements and requests change nothing.
 */
function factsAfter(facts: LinkFacts, event: LinkPolicyEvent, before: LinkPolicyState): LinkFacts {
  if (event.verb === 'announced' || event.verb === 'request' || event.verb === 'withdraw' || event.verb === 'reject') return facts;
  const next = { ...facts };
  for (const field of LINK_FACT_FIELDS) {
    const changed = before[field] !== event.state[field];
    if (event.verb === 'reported') {
      if (event.asked === null || event.asked[field] !== undefined) next[field] = event;
      else if (changed) next[field] = null;
    } else if (changed) next[field] = event;
  }
  return next;
}

/** An announcement that the behaviour in force will reach everyone: it asks for nothing but the behaviour it already has. */
export const isCoveragePromise = (e: LinkPolicyEvent): boolean =>
  e.verb === 'announced' &&
  e.asked !== null &&
  e.asked.behaviour === e.state.behaviour &&
  e.asked.preview === undefined &&
  e.asked.share === undefined;

/** The policy at `at` (ISO-8601 UTC), as integrationAt does for an integration; before any event, the walled-garden default. */
export function linkPolicyAt(events: readonly LinkPolicyEvent[], at: string, surface: Surface): LinkPolicySnapshot {
  const { current, pending } = eventInForceAt(events, at);
  const none = { since: null, basis: 'assumed' as const, facts: NO_FACTS, coverage: null, pendingRequest: null, announcement: null };
  if (!current) return { state: defaultLinkState(surface), pending, ...none };
  const past = events.filter((e) => e.status === 'active' && e.effectiveAt <= at).sort(byEffective);
  let state = defaultLinkState(surface);
  let facts = NO_FACTS;
  const factsAt = new Map<LinkPolicyEvent, LinkFacts>();
  for (const event of past) {
    facts = factsAfter(facts, event, state);
    factsAt.set(event, facts);
    state = event.state;
  }
  // Since when the link has opened as it does, as reported: back over the events that changed nothing and reported it too.
  let since = facts.behaviour;
  for (let i = since ? past.indexOf(since) - 1 : -1; i >= 0 && since; i -= 1) {
    const earlier = past[i];
    if (!earlier || !sameState(earlier.state, current.state) || !factsAt.get(earlier)?.behaviour) break;
    since = factsAt.get(earlier)?.behaviour ?? since;
  }
  const latest = (verb: string) => past.filter((e) => e.verb === verb && !isCoveragePromise(e)).at(-1) ?? null;
  return {
    state: current.state,
    since,
    basis: facts.behaviour ? 'reported' : 'assumed',
    facts,
    coverage: coverageAt(events, facts.behaviour, at),
    pending,
    pendingRequest: current.state.review === 'requested' ? latest('request') : null,
    announcement: latest('announced'),
  };
}

/** Whether the behaviour reported at `from` had reached everyone by `at`: the first promise of full coverage after it. */
function coverageAt(events: readonly LinkPolicyEvent[], from: LinkPolicyEvent | null, at: string): LinkCoverage | null {
  if (!from) return null;
  const promise = events
    .filter(
      (e) =>
        e.status === 'active' && isCoveragePromise(e) && e.state.behaviour === from.state.behaviour && e.effectiveAt > from.effectiveAt,
    )
    .sort(byEffective)[0];
  return promise ? { complete: promise.effectiveAt <= at, promise } : null;
}
