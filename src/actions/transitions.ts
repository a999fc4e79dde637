import type { IntegrationRow } from '../db/integrations.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { invalidFields, Refusal } from '../domain/errors.ts';
import { applyVerb, type FieldError, type RuleChanges } from '../domain/apply-verb.ts';
import type { IntegrationEvent } from '../domain/model.ts';
import { mayPerform, REASON_REQUIRED } from '../domain/permissions.ts';
import { formatInstant, type Clock } from '../domain/time.ts';
import type { Verb } from '../domain/transitions.ts';
import { integrationView, lastWrite, type IntegrationView } from './integration-views.ts';
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

function invalidField({ path, message }: FieldError): Refusal {
  return new Refusal('bad_request', `Please fix: ${path} — ${message}`, { errors: [{ path, message }] });
}

/** Refuses, beside the reason field, a verb that needs a reason and was given none (a confirmation page asks first). */
export function requireReason(verb: Verb, reason: string): void {
  if (REASON_REQUIRED.includes(verb) && reason.trim() === '') {
    throw invalidFields([{ path: 'reason', message: `give a reason to ${verb}; it is shown to shoppers and in the history` }]);
  }
}

function checkVersion(view: IntegrationView, expectedVersion: number): void {
  if (view.version === expectedVersion) return;
  const last = lastWrite(view);
  const who = last ? `changed by ${last.actor} at ${formatInstant(last.recordedAt)}` : 'changed by someone else';
  throw new Refusal('stale_version', `This integration was ${who} while you were editing (you had version ${expectedVersion}; it is now ${view.version}). Review its current state and try again.`, {
    currentVersion: view.version,
  });
}

/**
 * Applies one verb to one integration in a single immediate transaction: checks the input,
 * the version, the state machine and the actor's permission (four-eyes included), cancels a
 * scheduled launch it supersedes, appends the event and writes its webhooks to the outbox.
 * Nothing is written on any refusal.
 */
export function transition(repos: Repositories, clock: Clock, request: TransitionRequest): TransitionResult {
  return repos.db.transaction((): TransitionResult => {
    const now = clock.now().toISOString();
    const view = integrationView(repos, now, request.storefront, request.wallet);
    const applied = applyVerb(view, request.verb, { rules: request.rules, reason: request.reason, now, effectiveAt: request.effectiveAt });
    // The order of refusals is part of the contract: the input first, then the version, the state, the permission.
    if (!applied.ok && applied.kind === 'invalid_fields') throw invalidField(applied.errors[0]);
    checkVersion(view, request.expectedVersion);
    if (!applied.ok) throw new Refusal('invalid_transition', applied.message, { state: applied.state });
    const permission = mayPerform(request.actor, request.verb, view.scope);
    if (!permission.ok) throw new Refusal('forbidden', permission.message);
    if (view.scheduled || view.row.state !== view.state) repos.integrations.cancelPending(view.row.id, now);
    const event = repos.integrations.recordTransition({
      integrationId: view.row.id, expectedVersion: view.version, applied, actor: request.actor.username, actorRole: request.actor.role, recordedAt: now,
    });
    recordIntegrationChange(repos, now, request.storefront, request.wallet, event);
    const integration = repos.integrations.find(request.storefront, request.wallet);
    if (!integration) throw new Refusal('not_found', `No integration ${request.storefront}/${request.wallet}.`);
    return { integration, event };
  }).immediate();
}
