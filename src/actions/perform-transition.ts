import { integrationSpec, type TransitionRequest, type TransitionResult } from './transitions.ts';
import { runVerb, type VerbDeps } from './versioned.ts';

export type TransitionDeps = VerbDeps;

/** Runs a transition for the console or the API, and logs what happened (who, what, and why a refusal). */
export function performTransition(deps: TransitionDeps, request: TransitionRequest): TransitionResult {
  return runVerb(integrationSpec, deps, request);
}
