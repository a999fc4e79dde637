import fc from 'fast-check';
import { integrationView } from '../../src/actions/integration-views.ts';
import { transition } from '../../src/actions/transitions.ts';
import { checkLogReplay } from '../../src/db/consistency.ts';
import { actorOf } from '../../src/db/users.ts';
import type { Actor } from '../../src/domain/actors.ts';
import { Refusal } from '../../src/domain/errors.ts';
import type { IntegrationState } from '../../src/domain/model.ts';
import { ACTION_VERBS, TRANSITIONS, type ActionVerb, type Verb } from '../../src/domain/transitions.ts';
import { newWorld, type TestWorld } from './world.ts';

/**
 * A small model of one integration, written from shared/docs/domain.md rather than from src/:
 * the state now, the version, who made the pending request, who suspended it, a launch scheduled for later.
 */
interface ModelIntegration {
  storefront: string;
  wallet: string;
  group: string;
  provider: string;
  state: IntegrationState;
  version: number;
  requestedBy: string | null;
  suspendedByProvider: boolean;
  scheduledLaunchAt: number | null;
}

interface Model {
  now: number;
  integrations: ModelIntegration[];
}

interface Real {
  world: TestWorld;
  actors: Map<string, Actor>;
  outcomes: Record<string, number>;
}

const PERSONAS = ['ali.ops', 'tencent.reviewer', 'ant.reviewer', 'unionpay.reviewer', 'admin', 'viewer'];
const TABLE: Record<Verb, { from: IntegrationState[]; to: IntegrationState }> = {
  request: { from: ['not_requested', 'rejected'], to: 'requested' },
  withdraw: { from: ['requested'], to: 'not_requested' },
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  launch: { from: ['approved'], to: 'live' },
  adjust: { from: ['live'], to: 'live' },
  suspend: { from: ['live'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'live' },
  revoke: { from: ['approved', 'live', 'suspended'], to: 'not_requested' },
  reported: { from: ['not_requested'], to: 'live' },
  reported_not_offered: { from: ['not_requested'], to: 'not_requested' },
};

/** Who may, per the domain doc's table (four-eyes for everyone). */
function permitted(actor: Actor, verb: Verb, i: ModelIntegration): boolean {
  if (verb === 'approve' && i.requestedBy === actor.username) return false;
  switch (actor.role) {
    case 'viewer':
      return false;
    case 'admin':
      return true;
    case 'operator':
      return (
        actor.groupSlug === i.group &&
        ['request', 'withdraw', 'launch', 'adjust', 'suspend', 'resume'].includes(verb) &&
        !(verb === 'resume' && i.suspendedByProvider)
      );
    case 'reviewer':
      return (
        actor.providerSlug === i.provider &&
        ['approve', 'reject', 'suspend', 'resume', 'revoke'].includes(verb) &&
        !(verb === 'resume' && !i.suspendedByProvider)
      );
  }
}

type Outcome = 'ok' | 'stale_version' | 'invalid_transition' | 'forbidden';

function expectedOutcome(actor: Actor, verb: Verb, i: ModelIntegration, expectedVersion: number): Outcome {
  if (expectedVersion !== i.version) return 'stale_version';
  if (!TABLE[verb].from.includes(i.state)) return 'invalid_transition';
  return permitted(actor, verb, i) ? 'ok' : 'forbidden';
}

function fail(message: string): never {
  throw new Error(message);
}

class Transition implements fc.Command<Model, Real> {
  private verb: Verb;
  private persona: string;

  /** A guided command picks, when the model reaches it, a verb the state allows and someone the model says may use it. */
  constructor(
    readonly index: number,
    readonly pickedVerb: Verb,
    readonly pickedPersona: string,
    readonly guided: boolean,
    readonly stale: boolean,
    readonly scheduleInMinutes: number | null,
  ) {
    this.verb = pickedVerb;
    this.persona = pickedPersona;
  }

  private choose(model: Model, real: Real): void {
    if (!this.guided) return;
    const i = model.integrations[this.index]!;
    const verbs = ACTION_VERBS.filter((verb) => TABLE[verb].from.includes(i.state));
    this.verb = verbs[ACTION_VERBS.indexOf(this.pickedVerb as ActionVerb) % verbs.length] ?? this.pickedVerb;
    const fitting = PERSONAS.filter((username) => permitted(real.actors.get(username)!, this.verb, i));
    this.persona = fitting[PERSONAS.indexOf(this.pickedPersona) % fitting.length] ?? this.pickedPersona;
  }

  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): void {
    this.choose(model, real);
    const i = model.integrations[this.index]!;
    const actor = real.actors.get(this.persona)!;
    const expectedVersion = this.stale ? i.version - 1 : i.version;
    const expected = expectedOutcome(actor, this.verb, i, expectedVersion);
    const effectiveAt = this.verb === 'launch' && this.scheduleInMinutes !== null ? model.now + this.scheduleInMinutes * 60_000 : null;
    let outcome: Outcome = 'ok';
    let event;
    try {
      event = transition(real.world.repos, real.world.clock, {
        storefront: i.storefront,
        wallet: i.wallet,
        verb: this.verb,
        actor,
        reason: `model ${this.verb}`,
        expectedVersion,
        effectiveAt: effectiveAt === null ? undefined : new Date(effectiveAt).toISOString(),
        rules: this.verb === 'launch' || this.verb === 'adjust' ? { rolloutPercent: (i.version * 37) % 101 } : undefined,
      }).event;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      outcome = error.kind as Outcome;
    }
    real.outcomes[outcome] = (real.outcomes[outcome] ?? 0) + 1;
    if (outcome !== expected)
      fail(`${this} on ${i.storefront} × ${i.wallet} (${i.state} v${i.version}): expected ${expected}, got ${outcome}`);
    if (outcome === 'ok') {
      const table = TRANSITIONS[this.verb];
      if (event!.fromState !== i.state || event!.toState !== TABLE[this.verb].to || !table.from.includes(event!.fromState)) {
        fail(`${this}: recorded ${event!.fromState} → ${event!.toState}, outside the table`);
      }
      i.version += 1;
      i.requestedBy = this.verb === 'request' ? actor.username : null;
      i.suspendedByProvider = this.verb === 'suspend' && actor.role === 'reviewer';
      i.scheduledLaunchAt = null;
      if (effectiveAt !== null && effectiveAt > model.now) i.scheduledLaunchAt = effectiveAt;
      else i.state = TABLE[this.verb].to;
    }
    compare(model, real, i);
  }

  toString(): string {
    return `${this.persona} ${this.verb}s #${this.index}${this.stale ? ' (stale version)' : ''}${this.scheduleInMinutes !== null ? ` in ${this.scheduleInMinutes} min` : ''}`;
  }
}

class AdvanceClock implements fc.Command<Model, Real> {
  constructor(readonly minutes: number) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    model.now += this.minutes * 60_000;
    real.world.clock.set(new Date(model.now).toISOString());
    for (const i of model.integrations) {
      if (i.scheduledLaunchAt !== null && i.scheduledLaunchAt <= model.now) {
        i.state = 'live';
        i.scheduledLaunchAt = null;
      }
      compare(model, real, i);
    }
  }
  toString(): string {
    return `advance the clock ${this.minutes} min`;
  }
}

function compare(model: Model, real: Real, i: ModelIntegration): void {
  const view = integrationView(real.world.repos, new Date(model.now).toISOString(), i.storefront, i.wallet);
  if (view.state !== i.state || view.version !== i.version) {
    fail(`${i.storefront} × ${i.wallet}: the model says ${i.state} v${i.version}, the database ${view.state} v${view.version}`);
  }
}

/** The integrations the sequences play with: one per starting state of interest in the record. */
const PLAYGROUND = [
  { storefront: 'taobao', wallet: 'wechat-pay' },
  { storefront: 'idle-fish', wallet: 'wechat-pay' },
  { storefront: 'kaola', wallet: 'unionpay-qr' },
  { storefront: 'eleme', wallet: 'alipay' },
];

function commands(): fc.Arbitrary<Iterable<fc.Command<Model, Real>>> {
  return fc.commands(
    [
      fc
        .tuple(
          fc.nat(PLAYGROUND.length - 1),
          fc.constantFrom(...ACTION_VERBS),
          fc.constantFrom(...PERSONAS),
          fc.nat(9),
          fc.nat(9),
          fc.option(fc.integer({ min: 1, max: 120 }), { freq: 3 }),
        )
        .map(([index, verb, persona, guide, stale, minutes]) => new Transition(index, verb, persona, guide < 6, stale === 0, minutes)),
      fc.integer({ min: 1, max: 180 }).map((minutes) => new AdvanceClock(minutes)),
    ],
    { maxCommands: 40, size: 'large' },
  );
}

export interface ModelFigures {
  sequences: number;
  commands: number;
  /** How the transitions ended: ok, stale_version, invalid_transition, forbidden. */
  outcomes: Record<string, number>;
}

/**
 * Runs `numRuns` random sequences of verbs by random personas against the real action layer
 * (each inside a transaction rolled back afterwards), comparing with the model after every step
 * and checking that the event log replays to the current state at the end of each sequence.
 */
export function runModel(options: { numRuns: number; seed: number }): ModelFigures {
  const start = '2026-11-22T09:00:00.000Z';
  const world = newWorld({ now: start });
  const actors = new Map(PERSONAS.map((username) => [username, actorOf(world.people.users.byUsername(username)!)]));
  const figures: ModelFigures = { sequences: 0, commands: 0, outcomes: {} };
  try {
    fc.assert(
      fc.property(commands(), (cmds) => {
        world.clock.set(start);
        world.db.exec('BEGIN');
        try {
          const integrations = PLAYGROUND.map(({ storefront, wallet }) => {
            const view = integrationView(world.repos, start, storefront, wallet);
            return {
              storefront,
              wallet,
              group: view.groupSlug,
              provider: view.providerSlug,
              state: view.state,
              version: view.version,
              requestedBy: view.scope.requestedBy,
              suspendedByProvider: view.scope.suspendedByProvider,
              scheduledLaunchAt: null,
            };
          });
          fc.modelRun(
            () => ({ model: { now: Date.parse(start), integrations }, real: { world, actors, outcomes: figures.outcomes } }),
            cmds,
          );
          const replay = checkLogReplay(world.db);
          if (!replay.ok) fail(`after the sequence the log does not replay: ${replay.problems.join('; ')}`);
          figures.sequences += 1;
          figures.commands += [...cmds].length;
        } finally {
          world.db.exec('ROLLBACK');
        }
      }),
      { numRuns: options.numRuns, seed: options.seed },
    );
  } finally {
    world.close();
  }
  return figures;
}
