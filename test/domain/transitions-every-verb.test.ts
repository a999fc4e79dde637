import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { transition } from '../../src/actions/transitions.ts';
import { Refusal } from '../../src/domain/errors.ts';
import { STATES, type IntegrationState } from '../../src/domain/model.ts';
import { ACTION_VERBS, allowedVerbs, nextState, TRANSITIONS, VERBS } from '../../src/domain/transitions.ts';
import { actors, integrationRows, putInState } from '../support/integrations.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

// UnionPay QR is not requested anywhere in the record: nine storefronts, one per verb.
const STOREFRONTS = ['eleme', 'youku', 'damai', 'kaola', 'shuqi', 'taobao-deals', 'idle-fish', 'freshippo', 'taobao'];

describe('the state machine, verb by verb from every state', () => {
  for (const state of STATES) {
    for (const verb of VERBS) {
      const allowed = TRANSITIONS[verb].from.includes(state);
      it(`${verb} from ${state} ${allowed ? `goes to ${TRANSITIONS[verb].to}` : 'is refused naming the allowed verbs'}`, () => {
        const next = nextState(state, verb);
        if (allowed) return expect(next).toEqual({ ok: true, to: TRANSITIONS[verb].to });
        expect(next.ok).toBe(false);
        expect(!next.ok && next.message).toContain(`(${state})`);
        expect(!next.ok && next.message).toContain(`allowed from ${state}: ${allowedVerbs(state).join(', ') || 'nothing'}`);
      });
    }
  }
});

describe('transition() applies every verb from every state to the database, or writes nothing', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  for (const state of STATES) {
    it(`from ${state}`, () => {
      ACTION_VERBS.forEach((verb, i) => {
        const storefront = STOREFRONTS[i] as string;
        const version = putInState(world, storefront, 'unionpay-qr', state as IntegrationState);
        const before = integrationRows(world, storefront, 'unionpay-qr');
        const act = () =>
          transition(world.repos, world.clock, {
            storefront,
            wallet: 'unionpay-qr',
            verb,
            actor: actors.admin,
            reason: 'table test',
            expectedVersion: version,
          });
        if (TRANSITIONS[verb].from.includes(state)) {
          const { event, integration } = act();
          expect(event, `${verb} from ${state}`).toMatchObject({
            verb,
            fromState: state,
            toState: TRANSITIONS[verb].to,
            actor: 'admin',
            reason: 'table test',
          });
          expect(integration.version).toBe(version + 1);
          expect(integrationRows(world, storefront, 'unionpay-qr').events).toBe(before.events + 1);
        } else {
          expect(act, `${verb} from ${state}`).toThrow(Refusal);
          try {
            act();
          } catch (error) {
            expect((error as Refusal).kind).toBe('invalid_transition');
          }
          expect(integrationRows(world, storefront, 'unionpay-qr')).toEqual(before);
        }
      });
    });
  }
});

describe("the record's own verb", () => {
  it('is refused to everyone, even an admin, and is never offered as an action', () => {
    const world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    onTestFinished(() => world.close());
    const before = integrationRows(world, 'taobao', 'unionpay-qr');
    expect(() =>
      transition(world.repos, world.clock, {
        storefront: 'taobao',
        wallet: 'unionpay-qr',
        verb: 'reported',
        actor: actors.admin,
        reason: '',
        expectedVersion: before.row.version,
      }),
    ).toThrow(/record's verb/);
    expect(integrationRows(world, 'taobao', 'unionpay-qr')).toEqual(before);
    for (const state of STATES) expect(allowedVerbs(state)).not.toContain('reported');
  });
});
