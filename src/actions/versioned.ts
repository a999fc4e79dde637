import type { Logger } from 'pino';
import type { Repositories } from '../db/repositories.ts';
import type { Actor } from '../domain/actors.ts';
import { invalidFields, Refusal, type FieldError } from '../domain/errors.ts';
import type { Permission } from '../domain/permissions.ts';
import { formatEventTime, type Clock, type EventTime } from '../domain/time.ts';

export interface VerbDeps {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
}

/** What every verb on a versioned aggregate carries: who, why, and the version they saw. */
export interface VerbCall {
  verb: string;
  actor: Actor;
  reason: string;
  expectedVersion: number;
}

/** The aggregate as the verb finds it: enough for the version check and its message. */
export interface Loaded {
  version: number;
}

/**
 * The domain's refusals of a verb (applyVerb, applyLinkVerb): the input, or the state machine with
 * what the refusal carries beside its message (the state it was refused in).
 */
export type DomainRefusal =
  | { ok: false; kind: 'invalid_fields'; errors: readonly FieldError[] }
  | { ok: false; kind: 'invalid_transition'; message: string; details: Record<string, unknown> };

export interface Appending<R, V, A> {
  request: R;
  view: V;
  applied: A;
  now: string;
  /** The changes scheduled after `now` are superseded by this one: the kernel cancels them. */
  supersedesScheduled: boolean;
}

/**
 * One versioned, event-logged aggregate as the runner sees it: how to read it, the pure rules (in
 * src/domain) that apply a verb and permit it, how its event is appended (through the event kernel,
 * src/db/event-kernel.ts), and what is published after (the answer and the webhook outbox row).
 */
export interface AggregateSpec<R extends VerbCall, V extends Loaded, A extends { ok: true }, E, Result> {
  /** What a person calls one: "integration", "link policy". */
  noun: string;
  /** The log lines: a change and a refusal. */
  messages: { changed: string; refused: string };
  /** The fields naming the aggregate in a log line. */
  logged(request: R): Record<string, unknown>;
  load(repos: Repositories, now: string, request: R): V;
  /** The last event written, for the stale-version message (who wrote first, and when). */
  lastWrite(view: V): ({ actor: string } & EventTime) | null;
  apply(view: V, request: R, now: string): A | DomainRefusal;
  permission(actor: Actor, request: R, view: V): Permission;
  /** Whether the verb supersedes the changes scheduled for later (they are cancelled with it). */
  supersedes(view: V): boolean;
  append(repos: Repositories, appending: Appending<R, V, A>): E;
  /** After the event, in its transaction: the answer, and the webhook outbox row. */
  publish(repos: Repositories, now: string, request: R, event: E): Result;
  versionOf(result: Result): number;
}

function checkVersion<V extends Loaded>(
  noun: string,
  view: V,
  last: ({ actor: string } & EventTime) | null,
  expectedVersion: number,
): void {
  if (view.version === expectedVersion) return;
  // A record event says when at its source's precision ("in the record, ≈ Sept 2021"), never when it was loaded.
  const when = last && (last.datePrecision === 'exact' ? `at ${formatEventTime(last)}` : `(in the record, ${formatEventTime(last)})`);
  const who = last ? `changed by ${last.actor} ${when}` : 'changed by someone else';
  throw new Refusal(
    'stale_version',
    `This ${noun} was ${who} while you were editing (you had version ${expectedVersion}; it is now ${view.version}). Review its current state and try again.`,
    {
      currentVersion: view.version,
    },
  );
}

/**
 * The verb decided against the aggregate as it stands, writing nothing: what to append, or a
 * refusal in the contract's order — the input (every field error at once), then the version, the
 * state machine, the permission.
 */
export function decideVerb<R extends VerbCall, V extends Loaded, A extends { ok: true }, E, Result>(
  spec: AggregateSpec<R, V, A, E, Result>,
  repos: Repositories,
  now: string,
  request: R,
): { view: V; applied: A } {
  const view = spec.load(repos, now, request);
  const applied = spec.apply(view, request, now);
  if (!applied.ok && applied.kind === 'invalid_fields') throw invalidFields([...applied.errors]);
  checkVersion(spec.noun, view, spec.lastWrite(view), request.expectedVersion);
  if (!applied.ok) throw new Refusal('invalid_transition', applied.message, applied.details);
  const permission = spec.permission(request.actor, request, view);
  if (!permission.ok) throw new Refusal('forbidden', permission.message);
  return { view, applied };
}

/**
 * Applies one verb in a single immediate transaction: decides it, appends its event through the
 * kernel (cancelling the scheduled changes it supersedes) and publishes it (the outbox row commits
 * with the event, or neither does). Nothing is written on any refusal. Not logged: see runVerb.
 */
export function applyVerbNow<R extends VerbCall, V extends Loaded, A extends { ok: true }, E, Result>(
  spec: AggregateSpec<R, V, A, E, Result>,
  repos: Repositories,
  clock: Clock,
  request: R,
): Result {
  return repos.db
    .transaction((): Result => {
      const now = clock.now().toISOString();
      const { view, applied } = decideVerb(spec, repos, now, request);
      const event = spec.append(repos, { request, view, applied, now, supersedesScheduled: spec.supersedes(view) });
      return spec.publish(repos, now, request, event);
    })
    .immediate();
}

/** The one way pages and the API run a verb: applyVerbNow, logged (who, what, and why a refusal). */
export function runVerb<R extends VerbCall, V extends Loaded, A extends { ok: true }, E, Result>(
  spec: AggregateSpec<R, V, A, E, Result>,
  deps: VerbDeps,
  request: R,
): Result {
  const who = { actor: request.actor.username, verb: request.verb, ...spec.logged(request) };
  try {
    const result = applyVerbNow(spec, deps.repos, deps.clock, request);
    deps.logger.info({ ...who, version: spec.versionOf(result) }, spec.messages.changed);
    return result;
  } catch (error) {
    if (error instanceof Refusal) deps.logger.warn({ ...who, refusal: error.kind, message: error.message }, spec.messages.refused);
    throw error;
  }
}
