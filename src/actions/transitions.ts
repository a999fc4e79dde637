import type { IntegrationRow } from '../db/integrations.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { invalidFields, Refusal } from '../domain/errors.ts';
import { applyVerb, type AppliedVerb, type RuleChanges } from '../domain/apply-verb.ts';
import type { IntegrationEvent } from '../domain/model.ts';
import { mayPerform, REASON_REQUIRED } from '../domain/permissions.ts';
import type { Clock } from '../domain/time.ts';
import type { Verb } from '../domain/transitions.ts';
import { integrationView, lastWrite, type IntegrationView } from './integration-views.ts';
import { applyVerbNow, type AggregateSpec } from './versioned.ts';
import { recordIntegrationChange } from './webhook-outbox.ts';

export type { RuleChanges };

export interface TransitionRequest {
  storefront: string;
  wallet: string;
  verb: Verb;
  actor: Actor;
  reason: string;
  expectedVersion: number;
  /** Launch only: when it goes live (default now). */
  effectiveAt?: string | undefined;
  /** Launch and adjust only. */
  rules?: RuleChanges | undefined;
}

export interface TransitionResult {
  integration: IntegrationRow;
  event: IntegrationEvent;
}

/** Refuses, beside the reason field, a verb that needs a reason and was given none (a confirmation page asks first). */
export function requireReason(verb: Verb, reason: string): void {
  if (REASON_REQUIRED.includes(verb) && reason.trim() === '') {
    throw invalidFields([{ path: 'reason', message: `give a reason to ${verb}; it is shown to shoppers and in the history` }]);
  }
}

/** An integration (storefront x wallet) as a versioned aggregate: the state machine of src/domain/transitions.ts. */
export const integrationSpec: AggregateSpec<TransitionRequest, IntegrationView, AppliedVerb, IntegrationEvent, TransitionResult> = {
  noun: 'integration',
  messages: { changed: 'integration changed', refused: 'transition refused' },
  logged: (request) => ({ storefront: request.storefront, wallet: request.wallet }),
  load: (repos, now, request) => integrationView(repos, now, request.storefront, request.wallet),
  lastWrite,
  apply(view, request, now) {
    const applied = applyVerb(view, request.verb, { rules: request.rules, reason: request.reason, now, effectiveAt: request.effectiveAt });
    return applied.ok || applied.kind === 'invalid_fields' ? applied : { ...applied, details: { state: applied.state } };
  },
  permission: (actor, request, view) => mayPerform(actor, request.verb, view.scope),
  // A scheduled launch, or a later state already written (the row runs ahead of now), is superseded.
  supersedes: (view) => view.scheduled !== null || view.row.state !== view.state,
  append: (repos, { request, view, applied, now, supersedesScheduled }) =>
    repos.integrations.recordTransition({
      integrationId: view.row.id,
      expectedVersion: view.version,
      applied,
      actor: request.actor.username,
      actorRole: request.actor.role,
      recordedAt: now,
      supersedesScheduled,
    }),
  publish(repos, now, request, event) {
    recordIntegrationChange(repos, now, request.storefront, request.wallet, event);
    const integration = repos.integrations.find(request.storefront, request.wallet);
    if (!integration) throw new Refusal('not_found', `No integration ${request.storefront}/${request.wallet}.`);
    return { integration, event };
  },
  versionOf: (result) => result.integration.version,
};

/**
 * Applies one verb to one integration in a single immediate transaction: checks the input,
 * the version, the state machine and the actor's permission (four-eyes included), cancels a
 * scheduled launch it supersedes, appends the event and writes its webhooks to the outbox.
 * Nothing is written on any refusal. (Not logged: pages and the API use performTransition.)
 */
export function transition(repos: Repositories, clock: Clock, request: TransitionRequest): TransitionResult {
  return applyVerbNow(integrationSpec, repos, clock, request);
}
