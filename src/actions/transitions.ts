import type { IntegrationRow } from '../db/integrations.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import type { Channel, IntegrationEvent, Rules } from '../domain/model.ts';
import { formatYuan } from '../domain/money.ts';
import { mayPerform, REASON_REQUIRED } from '../domain/permissions.ts';
import { formatInstant, type Clock } from '../domain/time.ts';
import { nextState, type Verb } from '../domain/transitions.ts';
import { integrationView, lastWrite, type IntegrationView } from './integration-views.ts';

export interface RuleChanges {
  rolloutPercent?: number | undefined;
  channels?: Channel[] | undefined;
  minAmountFen?: number | null | undefined;
  maxAmountFen?: number | null | undefined;
  /** Position among the wallets at checkout (lower first). */
  displayOrder?: number | undefined;
}

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

const RULE_VERBS: readonly Verb[] = ['launch', 'adjust'];

function invalidField(path: string, message: string): Refusal {
  return new Refusal('bad_request', `Please fix: ${path} — ${message}`, { errors: [{ path, message }] });
}

function mergedRules(current: Rules, request: TransitionRequest): Rules {
  const changes = request.rules ?? {};
  const given = Object.entries(changes).filter(([, value]) => value !== undefined).map(([key]) => key);
  if (given.length > 0 && !RULE_VERBS.includes(request.verb)) {
    throw invalidField(given[0] as string, `only launch and adjust change the rules, not ${request.verb}`);
  }
  const rules: Rules = {
    ...current,
    ...(changes.rolloutPercent !== undefined && { rolloutPercent: changes.rolloutPercent }),
    ...(changes.channels !== undefined && { channels: changes.channels }),
    ...(changes.minAmountFen !== undefined && { minAmountFen: changes.minAmountFen }),
    ...(changes.maxAmountFen !== undefined && { maxAmountFen: changes.maxAmountFen }),
    ...(changes.displayOrder !== undefined && { displayOrder: changes.displayOrder }),
  };
  if (rules.minAmountFen !== null && rules.maxAmountFen !== null && rules.minAmountFen > rules.maxAmountFen) {
    throw invalidField('maxAmount', `must be at least the minimum (${formatYuan(rules.minAmountFen)})`);
  }
  return rules;
}

/** Refuses, beside the reason field, a verb that needs a reason and was given none. */
export function requireReason(verb: Verb, reason: string): void {
  if (REASON_REQUIRED.includes(verb) && reason.trim() === '') {
    throw invalidField('reason', `give a reason to ${verb}; it is shown to shoppers and in the history`);
  }
}

function checkInput(request: TransitionRequest, now: string): string {
  requireReason(request.verb, request.reason);
  if (request.effectiveAt === undefined) return now;
  if (request.verb !== 'launch') throw invalidField('effectiveAt', `only a launch can be scheduled, not ${request.verb}`);
  if (request.effectiveAt < now) throw invalidField('effectiveAt', `must be now or later (it is ${formatInstant(now)})`);
  return request.effectiveAt;
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
 * scheduled launch it supersedes, and appends the event. Nothing is written on any refusal.
 */
export function transition(repos: Repositories, clock: Clock, request: TransitionRequest): TransitionResult {
  return repos.db.transaction((): TransitionResult => {
    const now = clock.now().toISOString();
    const view = integrationView(repos, now, request.storefront, request.wallet);
    const effectiveAt = checkInput(request, now);
    const rules = mergedRules(view.rules, request);
    checkVersion(view, request.expectedVersion);
    const next = nextState(view.state, request.verb);
    if (!next.ok) throw new Refusal('invalid_transition', next.message, { state: view.state });
    const permission = mayPerform(request.actor, request.verb, view.scope);
    if (!permission.ok) throw new Refusal('forbidden', permission.message);
    if (view.scheduled || view.row.state !== view.state) repos.integrations.cancelPending(view.row.id, now);
    const event = repos.integrations.appendEvent({
      integrationId: view.row.id, expectedVersion: view.version, verb: request.verb, fromState: view.state, toState: next.to,
      actor: request.actor.username, actorRole: request.actor.role, reason: request.reason.trim(),
      recordedAt: now, effectiveAt, rules,
    });
    return { integration: repos.integrations.find(request.storefront, request.wallet) as IntegrationRow, event };
  }).immediate();
}
