import type { ChangeRequest } from '../db/change-requests.ts';
import type { Actor } from '../domain/actors.ts';
import { isHeldBack, mayApplyChange, maySetPolicy } from '../domain/change-policy.ts';
import { Refusal } from '../domain/errors.ts';
import { integrationView } from './integration-views.ts';
import { performTransition, type TransitionDeps } from './perform-transition.ts';
import { transition, type RuleChanges, type TransitionRequest, type TransitionResult } from './transitions.ts';

export type Submitted = { kind: 'applied'; result: TransitionResult } | { kind: 'held'; change: ChangeRequest };

const DRY_RUN = Symbol('dry run');

/**
 * Applies a transition, or — for a launch or adjust at a storefront whose group asks for a
 * second operator — checks it would apply now (every refusal still answers at once) and keeps
 * it as a change request for another operator instead.
 */
export function submitTransition(deps: TransitionDeps, request: TransitionRequest): Submitted {
  const { repos, clock } = deps;
  const view = integrationView(repos, clock.now().toISOString(), request.storefront, request.wallet);
  if (!isHeldBack(repos.changeRequests.secondOperator(view.groupSlug), request.verb)) {
    return { kind: 'applied', result: performTransition(deps, request) };
  }
  const id = repos.db.transaction(() => {
    try {
      // Run the transition and roll it back: the change request holds only what would apply.
      repos.db.transaction(() => {
        transition(repos, clock, request);
        throw DRY_RUN;
      })();
    } catch (error) {
      if (error !== DRY_RUN) throw error;
    }
    return repos.changeRequests.insert({
      integrationId: view.row.id, verb: request.verb as 'launch' | 'adjust', expectedVersion: request.expectedVersion,
      reason: request.reason.trim(), effectiveAt: request.effectiveAt ?? null, rules: { ...(request.rules ?? {}) },
      requestedBy: request.actor.username, requestedAt: clock.now().toISOString(),
    });
  }).immediate();
  deps.logger.info({ actor: request.actor.username, verb: request.verb, storefront: request.storefront, wallet: request.wallet, changeRequest: id },
    'change held for a second operator');
  return { kind: 'held', change: repos.changeRequests.find(id) as ChangeRequest };
}

/** A second operator applies a held change: the event is theirs, and its reason names who asked. */
export function applyChange(deps: TransitionDeps, input: { id: number; actor: Actor }): { change: ChangeRequest; result: TransitionResult } {
  const { repos, clock } = deps;
  const change = repos.changeRequests.find(input.id);
  if (!change) throw new Refusal('not_found', `There is no change request ${input.id}.`);
  if (change.status !== 'pending') throw new Refusal('conflict', `Change request ${change.id} was already applied by ${change.decidedBy}.`);
  const view = integrationView(repos, clock.now().toISOString(), change.storefrontSlug, change.walletSlug);
  const permission = mayApplyChange(input.actor, { requestedBy: change.requestedBy, groupSlug: view.groupSlug, groupName: view.storefront.groupName });
  if (!permission.ok) throw new Refusal('forbidden', permission.message);
  return repos.db.transaction(() => {
    const result = performTransition(deps, {
      storefront: change.storefrontSlug, wallet: change.walletSlug, verb: change.verb, actor: input.actor,
      reason: `${change.reason}${change.reason ? ' ' : ''}(asked by ${change.requestedBy}, change request ${change.id})`,
      expectedVersion: change.expectedVersion, effectiveAt: change.effectiveAt ?? undefined, rules: change.rules as RuleChanges,
    });
    repos.changeRequests.markApplied(change.id, input.actor.username, clock.now().toISOString());
    return { change: repos.changeRequests.find(change.id) as ChangeRequest, result };
  }).immediate();
}

/** Turns a group's second-operator policy on or off (an admin). */
export function setSecondOperatorPolicy(deps: TransitionDeps, input: { group: string; on: boolean; actor: Actor }): void {
  const permission = maySetPolicy(input.actor);
  if (!permission.ok) throw new Refusal('forbidden', permission.message);
  if (!deps.repos.catalog.storefronts().some((s) => s.groupSlug === input.group)) throw new Refusal('not_found', `There is no storefront group "${input.group}".`);
  deps.repos.changeRequests.setSecondOperator(input.group, input.on, input.actor.username, deps.clock.now().toISOString());
  deps.logger.info({ actor: input.actor.username, group: input.group, secondOperator: input.on }, 'policy changed');
}
