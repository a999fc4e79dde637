import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import type { LinkChanges, LinkPolicyEvent, LinkPolicyKey } from '../domain/links/model.ts';
import { mayPerformLinkVerb } from '../domain/links/permissions.ts';
import { applyLinkVerb, type AppliedLinkVerb, type LinkActionVerb } from '../domain/links/verbs.ts';
import type { Clock } from '../domain/time.ts';
import { linkPolicyAsOf, type LinkPolicyView } from './links.ts';
import { applyVerbNow, runVerb, type AggregateSpec, type VerbDeps } from './versioned.ts';
import { recordLinkPolicyChange } from './webhook-outbox.ts';

export interface LinkTransitionRequest extends LinkPolicyKey {
  verb: LinkActionVerb;
  actor: Actor;
  reason: string;
  expectedVersion: number;
  /** `set` only: when it takes effect (default now; later = scheduled). */
  effectiveAt?: string | undefined;
  /** `set`: the new behaviour, preview, share or rollout; `request`: what is asked for. */
  changes?: (LinkChanges & { rolloutPercent?: number | undefined }) | undefined;
}

export interface LinkTransitionResult {
  policy: LinkPolicyView;
  event: LinkPolicyEvent;
}

/** A link policy (host x surface x platform) as a versioned aggregate: the request lifecycle of src/domain/links/verbs.ts. */
export const linkPolicySpec: AggregateSpec<LinkTransitionRequest, LinkPolicyView, AppliedLinkVerb, LinkPolicyEvent, LinkTransitionResult> =
  {
    noun: 'link policy',
    messages: { changed: 'link policy changed', refused: 'link transition refused' },
    logged: (request) => ({ host: request.host, surface: request.surface, platform: request.platform }),
    load: (repos, now, request) => linkPolicyAsOf(repos, now, request),
    lastWrite: (view) => view.events.at(-1) ?? null,
    apply(view, request, now) {
      const applied = applyLinkVerb({ state: view.state, pendingAsk: view.pendingRequest?.asked ?? null }, request.verb, {
        changes: request.changes,
        reason: request.reason,
        now,
        effectiveAt: request.effectiveAt,
      });
      return applied.ok || applied.kind === 'invalid_fields' ? applied : { ...applied, details: { review: applied.review } };
    },
    permission: (actor, request, view) => mayPerformLinkVerb(actor, request.verb, view.scope),
    supersedes: (view) => view.pending !== null,
    append: (repos, { request, view, applied, now, supersedesScheduled }) =>
      repos.links.recordLinkTransition({
        policyId: view.row.id,
        expectedVersion: view.version,
        applied,
        actor: request.actor.username,
        actorRole: request.actor.role,
        recordedAt: now,
        supersedesScheduled,
      }),
    publish(repos, now, request, event) {
      const policy = linkPolicyAsOf(repos, now, request);
      recordLinkPolicyChange(repos, now, policy, event);
      return { policy, event };
    },
    versionOf: (result) => result.policy.version,
  };

/**
 * Applies one verb to one link policy in a single immediate transaction, in the integrations' order
 * of refusals (the input, the version, the request lifecycle, the permission with four-eyes); cancels
 * a scheduled change it supersedes, appends the event through the one writer and writes its
 * webhook (link_policy.changed) to the outbox. Nothing is written on any refusal.
 */
export function transitionLink(repos: Repositories, clock: Clock, request: LinkTransitionRequest): LinkTransitionResult {
  return applyVerbNow(linkPolicySpec, repos, clock, request);
}

/** transitionLink for the console or the API, logged (who, what, and why a refusal). */
export function performLinkTransition(deps: VerbDeps, request: LinkTransitionRequest): LinkTransitionResult {
  return runVerb(linkPolicySpec, deps, request);
}
