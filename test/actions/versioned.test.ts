import { Writable } from 'node:stream';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { linkPolicyAsOf } from '../../src/actions/links.ts';
import { linkPolicySpec, transitionLink, type LinkTransitionRequest } from '../../src/actions/link-transitions.ts';
import { integrationSpec, transition, type TransitionRequest } from '../../src/actions/transitions.ts';
import { applyVerbNow, runVerb } from '../../src/actions/versioned.ts';
import type { Actor } from '../../src/domain/actors.ts';
import { Refusal } from '../../src/domain/errors.ts';
import { actors, integrationRows, putInState } from '../support/integrations.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

const reviewer: Actor = {
  username: 'unionpay.reviewer',
  displayName: 'UnionPay Reviewer',
  role: 'reviewer',
  groupSlug: null,
  providerSlug: 'unionpay',
};

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

function refusalOf(act: () => unknown): Refusal {
  try {
    act();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal, and the verb applied');
}

const subscribe = (events: string[]) =>
  world.repos.webhooks.createEndpoint({
    id: 'ep_test',
    url: 'http://127.0.0.1:9/',
    events,
    secret: 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=',
    createdBy: 'admin',
    owner: { kind: 'all' },
    createdAt: world.clock.now().toISOString(),
  });

describe("a verb refused for several reasons names the first in the contract's order", () => {
  it('for an integration: every field error, then the version, then the state, then the permission', () => {
    // UnionPay QR at Taobao is not requested: adjust is refused by the state machine, and a reviewer may not adjust.
    const before = integrationRows(world, 'taobao', 'unionpay-qr');
    const request: TransitionRequest = {
      storefront: 'taobao',
      wallet: 'unionpay-qr',
      verb: 'adjust',
      actor: reviewer,
      reason: 'tune',
      expectedVersion: before.row.version + 7,
      rules: { rolloutPercent: 150, channels: [], displayOrder: 120 },
    };
    const fields = refusalOf(() => transition(world.repos, world.clock, request));
    expect(fields.kind).toBe('bad_request');
    expect(fields.details.errors?.map((e) => e.path)).toEqual(['displayOrder', 'rolloutPercent', 'channels']);

    const valid = { ...request, rules: { rolloutPercent: 50, channels: ['app'] } };
    const stale = refusalOf(() => transition(world.repos, world.clock, valid));
    expect(stale.kind).toBe('stale_version');
    expect(stale.details.currentVersion).toBe(before.row.version);

    const state = refusalOf(() => transition(world.repos, world.clock, { ...valid, expectedVersion: before.row.version }));
    expect(state.kind).toBe('invalid_transition');
    expect(state.details.state).toBe('not_requested');

    const version = putInState(world, 'taobao', 'unionpay-qr', 'live');
    const forbidden = refusalOf(() => transition(world.repos, world.clock, { ...valid, expectedVersion: version }));
    expect(forbidden.kind).toBe('forbidden');

    const live = integrationRows(world, 'taobao', 'unionpay-qr');
    expect(
      transition(world.repos, world.clock, { ...valid, actor: actors.aliOps, expectedVersion: version }).integration.rules.rolloutPercent,
    ).toBe(50);
    expect(integrationRows(world, 'taobao', 'unionpay-qr').events).toBe(live.events + 1);
  });

  it('for a link policy: the same order, through the same runner', () => {
    const key = { host: 'wechat', surface: 'one_to_one', platform: 'taobao' } as const;
    const view = linkPolicyAsOf(world.repos, world.clock.now().toISOString(), key);
    const request: LinkTransitionRequest = {
      ...key,
      verb: 'approve',
      actor: actors.aliOps,
      reason: '',
      expectedVersion: view.version + 3,
      changes: { behaviour: 'risk_warning', rolloutPercent: 500 },
    };
    const fields = refusalOf(() => transitionLink(world.repos, world.clock, request));
    expect(fields.kind).toBe('bad_request');
    expect(fields.details.errors?.map((e) => e.path)).toEqual(['rolloutPercent', 'behaviour']);
    const stale = refusalOf(() => transitionLink(world.repos, world.clock, { ...request, changes: undefined }));
    expect(stale.kind).toBe('stale_version');
    const state = refusalOf(() =>
      transitionLink(world.repos, world.clock, { ...request, changes: undefined, expectedVersion: view.version }),
    );
    expect(state.kind).toBe('invalid_transition');
    expect(state.details.review).toBe(view.state.review);
  });
});

describe('a change scheduled for later', () => {
  it('is cancelled when a later verb supersedes it (a revoke before the launch), in the same write', () => {
    const version = putInState(world, 'kaola', 'unionpay-qr', 'approved');
    const { integration } = transition(world.repos, world.clock, {
      storefront: 'kaola',
      wallet: 'unionpay-qr',
      verb: 'launch',
      actor: actors.admin,
      reason: 'go',
      expectedVersion: version,
      effectiveAt: '2026-12-01T00:00:00.000Z',
    });
    const revoked = transition(world.repos, world.clock, {
      storefront: 'kaola',
      wallet: 'unionpay-qr',
      verb: 'revoke',
      actor: actors.admin,
      reason: 'not yet',
      expectedVersion: integration.version,
    });
    const events = world.repos.integrations.events(revoked.integration.id);
    expect(events.find((e) => e.verb === 'launch')).toMatchObject({ status: 'cancelled', cancelledAt: world.clock.now().toISOString() });
    expect(events.find((e) => e.verb === 'revoke')).toMatchObject({ status: 'active', version: revoked.integration.version });
  });

  it('of a link policy is cancelled when another set supersedes it', () => {
    const key = { host: 'wechat', surface: 'one_to_one', platform: 'taobao' } as const;
    const at = () => linkPolicyAsOf(world.repos, world.clock.now().toISOString(), key);
    transitionLink(world.repos, world.clock, {
      ...key,
      verb: 'set',
      actor: actors.admin,
      reason: 'later',
      expectedVersion: at().version,
      changes: { behaviour: 'risk_warning' },
      effectiveAt: '2026-12-01T00:00:00.000Z',
    });
    transitionLink(world.repos, world.clock, {
      ...key,
      verb: 'set',
      actor: actors.admin,
      reason: 'now',
      expectedVersion: at().version,
      changes: { preview: 'bare' },
    });
    expect(at().events.map((e) => [e.verb, e.reason, e.status])).toEqual(
      expect.arrayContaining([
        ['set', 'later', 'cancelled'],
        ['set', 'now', 'active'],
      ]),
    );
  });
});

describe('the webhook outbox row', () => {
  it('is written with the event', () => {
    subscribe(['integration.*']);
    const version = putInState(world, 'kaola', 'unionpay-qr', 'approved');
    const deliveries = count(world.db, 'webhook_deliveries');
    transition(world.repos, world.clock, {
      storefront: 'kaola',
      wallet: 'unionpay-qr',
      verb: 'launch',
      actor: actors.admin,
      reason: 'go',
      expectedVersion: version,
    });
    expect(count(world.db, 'webhook_deliveries')).toBe(deliveries + 1);
  });

  it('and the event commit together: a failure after both leaves neither, nor a version bump', () => {
    subscribe(['integration.*', 'link_policy.*']);
    const version = putInState(world, 'kaola', 'unionpay-qr', 'approved');
    const before = integrationRows(world, 'kaola', 'unionpay-qr');
    const deliveries = count(world.db, 'webhook_deliveries');
    const failingAfterPublish = {
      ...integrationSpec,
      publish: (...args: Parameters<typeof integrationSpec.publish>) => {
        integrationSpec.publish(...args);
        throw new Error('the answer could not be read');
      },
    };
    expect(() =>
      applyVerbNow(failingAfterPublish, world.repos, world.clock, {
        storefront: 'kaola',
        wallet: 'unionpay-qr',
        verb: 'launch',
        actor: actors.admin,
        reason: 'go',
        expectedVersion: version,
      }),
    ).toThrow('the answer could not be read');
    expect(integrationRows(world, 'kaola', 'unionpay-qr')).toEqual(before);
    expect(count(world.db, 'webhook_deliveries')).toBe(deliveries);

    const key = { host: 'wechat', surface: 'one_to_one', platform: 'taobao' } as const;
    const policy = linkPolicyAsOf(world.repos, world.clock.now().toISOString(), key);
    const failingLink = {
      ...linkPolicySpec,
      publish: (...args: Parameters<typeof linkPolicySpec.publish>) => {
        linkPolicySpec.publish(...args);
        throw new Error('after the outbox');
      },
    };
    expect(() =>
      applyVerbNow(failingLink, world.repos, world.clock, {
        ...key,
        verb: 'set',
        actor: actors.admin,
        reason: 'open',
        expectedVersion: policy.version,
        changes: { behaviour: 'risk_warning' },
      }),
    ).toThrow('after the outbox');
    expect(linkPolicyAsOf(world.repos, world.clock.now().toISOString(), key).events).toHaveLength(policy.events.length);
    expect(count(world.db, 'webhook_deliveries')).toBe(deliveries);
  });
});

describe('runVerb', () => {
  it('logs a change with the new version, and a refusal with its code', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino(
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    const deps = { repos: world.repos, clock: world.clock, logger };
    const version = putInState(world, 'kaola', 'unionpay-qr', 'approved');
    const launch: TransitionRequest = {
      storefront: 'kaola',
      wallet: 'unionpay-qr',
      verb: 'launch',
      actor: actors.admin,
      reason: 'go',
      expectedVersion: version,
    };
    runVerb(integrationSpec, deps, launch);
    expect(() => runVerb(integrationSpec, deps, launch)).toThrow(Refusal);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'integration changed',
        actor: 'admin',
        verb: 'launch',
        storefront: 'kaola',
        wallet: 'unionpay-qr',
        version: version + 1,
      }),
      expect.objectContaining({ msg: 'transition refused', refusal: 'stale_version', storefront: 'kaola' }),
    ]);
  });
});
