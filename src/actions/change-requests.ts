import type { ChangeRequest, ChangeRequestOutcome } from '../db/change-requests.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { isHeldBack, mayApplyChange, maySetPolicy, mayWithdrawChange } from '../domain/change-policy.ts';
import { invalidFields, Refusal } from '../domain/errors.ts';
import type { Permission } from '../domain/permissions.ts';
import { integrationView } from './integration-views.ts';
import { performTransition, type TransitionDeps } from './perform-transition.ts';
import { integrationSpec, type TransitionRequest, type TransitionResult } from './transitions.ts';
import { decideVerb } from './versioned.ts';

export type Submitted = { kind: 'applied'; result: TransitionResult } | { kind: 'held'; change: ChangeRequest };

export function changeRequestOrNotFound(repos: Repositories, id: number): ChangeRequest {
  const change = repos.changeRequests.find(id);
  if (!change) throw new Refusal('not_found', `There is no change request ${id}.`);
  return change;
}

/**
 * Applies a transition, or — for a launch or adjust at a storefront whose group asks for a
 * second operator — decides it against the integration as it stands (every refusal still answers
 * at once, in the integrations' order) and keeps it as a change request for another operator instead.
 * A change request is no aggregate of its own: it holds an integration verb, run later through the
 * integrations' spec by someone else.
 */
export function submitTransition(deps: TransitionDeps, request: TransitionRequest): Submitted {
  const { repos, clock } = deps;
  const view = integrationView(repos, clock.now().toISOString(), request.storefront, request.wallet);
  const { verb } = request;
  // Only a launch or an adjust is ever held (isHeldBack); the second test narrows the verb for the row.
  if (!isHeldBack(repos.changeRequests.secondOperator(view.groupSlug), verb) || (verb !== 'launch' && verb !== 'adjust')) {
    return { kind: 'applied', result: performTransition(deps, request) };
  }
  const id = repos.db
    .transaction(() => {
      const now = clock.now().toISOString();
      decideVerb(integrationSpec, repos, now, request);
      return repos.changeRequests.insert({
        integrationId: view.row.id,
        verb,
        expectedVersion: request.expectedVersion,
        reason: request.reason.trim(),
        effectiveAt: request.effectiveAt ?? null,
        rules: { ...(request.rules ?? {}) },
        requestedBy: request.actor.username,
        requestedAt: now,
      });
    })
    .immediate();
  deps.logger.info(
    { actor: request.actor.username, verb, storefront: request.storefront, wallet: request.wallet, changeRequest: id },
    'change held for a second operator',
  );
  return { kind: 'held', change: changeRequestOrNotFound(repos, id) };
}

const ENDED_AS: Record<ChangeRequestOutcome, string> = { applied: 'applied', rejected: 'rejected', withdrawn: 'withdrawn' };

/** The change request, still pending: one already decided is a conflict naming who ended it. */
function pendingChange(repos: Repositories, id: number): ChangeRequest {
  const change = changeRequestOrNotFound(repos, id);
  if (change.status === 'pending') return change;
  throw new Refusal('conflict', `Change request ${change.id} was already ${ENDED_AS[change.status]} by ${change.decidedBy}.`, {
    status: change.status,
  });
}

/** Whether `actor` may approve (or reject) a held change: another operator of its group, or an admin. */
export function approvalOf(deps: Pick<TransitionDeps, 'repos' | 'clock'>, actor: Actor, change: ChangeRequest): Permission {
  const view = integrationView(deps.repos, deps.clock.now().toISOString(), change.storefrontSlug, change.walletSlug);
  return mayApplyChange(actor, { requestedBy: change.requestedBy, groupSlug: view.groupSlug, groupName: view.storefront.groupName });
}

export interface ChangeDecision {
  id: number;
  actor: Actor;
  reason: string;
}

/**
 * Ends a held change without applying it: rejected by whoever may approve it (a reason is required),
 * or withdrawn by its author. The integration is not touched; the row is kept with who, when and why.
 * Refused in the verbs' order: the reason, then the request's state, then the permission.
 */
function endChange(deps: TransitionDeps, outcome: 'rejected' | 'withdrawn', input: ChangeDecision): ChangeRequest {
  const { repos, clock } = deps;
  const reason = input.reason.trim();
  if (outcome === 'rejected' && reason === '') {
    throw invalidFields([{ path: 'reason', message: 'say why you reject it; the operator who asked reads it' }]);
  }
  const ended = repos.db
    .transaction(() => {
      const change = pendingChange(repos, input.id);
      const permission = outcome === 'rejected' ? approvalOf(deps, input.actor, change) : mayWithdrawChange(input.actor, change);
      if (!permission.ok) throw new Refusal('forbidden', permission.message);
      const now = clock.now().toISOString();
      repos.changeRequests.markDecided(change.id, { status: outcome, by: input.actor.username, now, reason: reason || null });
      return changeRequestOrNotFound(repos, change.id);
    })
    .immediate();
  deps.logger.info({ actor: input.actor.username, changeRequest: ended.id, status: outcome }, `change request ${outcome}`);
  return ended;
}

/** Whoever may approve a held change rejects it, with a reason. */
export function rejectChange(deps: TransitionDeps, input: ChangeDecision): ChangeRequest {
  return endChange(deps, 'rejected', input);
}

/** The operator who asked for a held change withdraws it (a reason is optional). */
export function withdrawChange(deps: TransitionDeps, input: ChangeDecision): ChangeRequest {
  return endChange(deps, 'withdrawn', input);
}

/** A second operator applies a held change: the event is theirs, and its reason names who asked. */
export function applyChange(
  deps: TransitionDeps,
  input: { id: number; actor: Actor },
): { change: ChangeRequest; result: TransitionResult } {
  const { repos, clock } = deps;
  const change = pendingChange(repos, input.id);
  const permission = approvalOf(deps, input.actor, change);
  if (!permission.ok) throw new Refusal('forbidden', permission.message);
  return repos.db
    .transaction(() => {
      const result = performTransition(deps, {
        storefront: change.storefrontSlug,
        wallet: change.walletSlug,
        verb: change.verb,
        actor: input.actor,
        reason: `${change.reason}${change.reason ? ' ' : ''}(asked by ${change.requestedBy}, change request ${change.id})`,
        expectedVersion: change.expectedVersion,
        effectiveAt: change.effectiveAt ?? undefined,
        rules: change.rules,
      });
      repos.changeRequests.markApplied(change.id, input.actor.username, clock.now().toISOString());
      return { change: changeRequestOrNotFound(repos, change.id), result };
    })
    .immediate();
}

/** Turns a group's second-operator policy on or off (an admin). */
export function setSecondOperatorPolicy(deps: TransitionDeps, input: { group: string; on: boolean; actor: Actor }): void {
  const permission = maySetPolicy(input.actor);
  if (!permission.ok) throw new Refusal('forbidden', permission.message);
  if (!deps.repos.catalog.storefronts().some((s) => s.groupSlug === input.group))
    throw new Refusal('not_found', `There is no storefront group "${input.group}".`);
  deps.repos.changeRequests.setSecondOperator(input.group, input.on, input.actor.username, deps.clock.now().toISOString());
  deps.logger.info({ actor: input.actor.username, group: input.group, secondOperator: input.on }, 'policy changed');
}
