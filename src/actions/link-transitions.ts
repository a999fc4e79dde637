import type { Logger } from 'pino';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { invalidFields, Refusal } from '../domain/errors.ts';
import type { LinkChanges, LinkPolicyEvent, LinkPolicyKey } from '../domain/links/model.ts';
import { mayPerformLinkVerb } from '../domain/links/permissions.ts';
import { applyLinkVerb, type LinkActionVerb } from '../domain/links/verbs.ts';
import { formatInstant, type Clock } from '../domain/time.ts';
import { linkPolicyAsOf, type LinkPolicyView } from './links.ts';
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

function checkVersion(view: LinkPolicyView, expectedVersion: number): void {
  if (view.version === expectedVersion) return;
  const last = view.events.at(-1);
  const who = last ? `changed by ${last.actor} at ${formatInstant(last.recordedAt)}` : 'changed by someone else';
  throw new Refusal('stale_version', `This link policy was ${who} while you were editing (you had version ${expectedVersion}; it is now ${view.version}). Review it and try again.`, {
    currentVersion: view.version,
  });
}

/**
 * Applies one verb to one link policy in a single immediate transaction, in the integrations' order
 * of refusals (the input, the version, the request lifecycle, the permission with four-eyes); cancels
 * a scheduled change it supersedes, appends the event through the one writer and writes its
 * webhook (link_policy.changed) to the outbox. Nothing is written on any refusal.
 */
export function transitionLink(repos: Repositories, clock: Clock, request: LinkTransitionRequest): LinkTransitionResult {
  return repos.db.transaction((): LinkTransitionResult => {
    const now = clock.now().toISOString();
    const view = linkPolicyAsOf(repos, now, request);
    const applied = applyLinkVerb({ state: view.state, pendingAsk: view.pendingRequest?.asked ?? null }, request.verb, {
      changes: request.changes, reason: request.reason, now, effectiveAt: request.effectiveAt,
    });
    if (!applied.ok && applied.kind === 'invalid_fields') throw invalidFields(applied.errors);
    checkVersion(view, request.expectedVersion);
    if (!applied.ok) throw new Refusal('invalid_transition', applied.message, { review: applied.review });
    const permission = mayPerformLinkVerb(request.actor, request.verb, view.scope);
    if (!permission.ok) throw new Refusal('forbidden', permission.message);
    if (view.pending) repos.links.cancelPending(view.row.id, now);
    const event = repos.links.recordLinkTransition({
      policyId: view.row.id, expectedVersion: view.version, applied, actor: request.actor.username, actorRole: request.actor.role, recordedAt: now,
    });
    const policy = linkPolicyAsOf(repos, now, request);
    recordLinkPolicyChange(repos, now, policy, event);
    return { policy, event };
  }).immediate();
}

/** transitionLink for the console or the API, logged (who, what, and why a refusal). */
export function performLinkTransition(deps: { repos: Repositories; clock: Clock; logger: Logger }, request: LinkTransitionRequest): LinkTransitionResult {
  const who = { actor: request.actor.username, verb: request.verb, host: request.host, surface: request.surface, platform: request.platform };
  try {
    const result = transitionLink(deps.repos, deps.clock, request);
    deps.logger.info({ ...who, version: result.policy.version }, 'link policy changed');
    return result;
  } catch (error) {
    if (error instanceof Refusal) deps.logger.warn({ ...who, refusal: error.kind, message: error.message }, 'link transition refused');
    throw error;
  }
}
