import type { Logger } from 'pino';
import type { Repositories } from '../db/repositories.ts';
import { Refusal } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { transition, type TransitionRequest, type TransitionResult } from './transitions.ts';

export interface TransitionDeps {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
}

/** Runs a transition for the console or the API, and logs what happened (who, what, and why a refusal). */
export function performTransition(deps: TransitionDeps, request: TransitionRequest): TransitionResult {
  const who = { actor: request.actor.username, verb: request.verb, storefront: request.storefront, wallet: request.wallet };
  try {
    const result = transition(deps.repos, deps.clock, request);
    deps.logger.info({ ...who, version: result.integration.version }, 'integration changed');
    return result;
  } catch (error) {
    if (error instanceof Refusal) deps.logger.warn({ ...who, refusal: error.kind, message: error.message }, 'transition refused');
    throw error;
  }
}
