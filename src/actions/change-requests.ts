import type { ChangeRequest } from '../db/change-requests.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { isHeldBack, mayApplyChange, maySetPolicy } from '../domain/change-policy.ts';
import { Refusal } from '../domain/errors.ts';
import { integrationView } from './integration-views.ts';
import { performTransition, type TransitionDeps } from './perform-transition.ts';
import { integrationSpec, type TransitionRequest, type TransitionResult } from './transitions.ts';
import { decideVerb } from './versioned.ts';

export type Submitted = { kind: 'applied'; result: TransitionResult } | { kind: 'held'; change: ChangeRequest };

function changeRequest(repos: Repositories, id: number): ChangeRequest {
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
  return { kind: 'held', change: changeRequest(repos, id) };
}

/** A second operator applies a held change: the event is theirs, and its reason names who asked. */
export function applyChange(
  deps: TransitionDeps,
  input: { id: number; actor: Actor },
): { change: ChangeRequest; result: TransitionResult } {
  const { repos, clock } = deps;
  const change = changeRequest(repos, input.id);
  if (change.status !== 'pending') throw new Refusal('conflict', `Change request ${change.id} was already applied by ${change.decidedBy}.`);
  const view = integrationView(repos, clock.now().toISOString(), change.storefrontSlug, change.walletSlug);
  const permission = mayApplyChange(input.actor, {
    requestedBy: change.requestedBy,
    groupSlug: view.groupSlug,
    groupName: view.storefront.groupName,
  });
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
      return { change: changeRequest(repos, change.id), result };
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
