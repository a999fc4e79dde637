import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IntegrationState } from '../../src/domain/model.ts';
import type { Verb } from '../../src/domain/transitions.ts';
import { actors, integrationRows, putInState } from '../support/integrations.ts';
import { apiTokenFor, signedInAs } from '../support/sessions.ts';
import { browserAgent, newWorld, type TestWorld } from '../support/world.ts';

type Who = 'anonymous' | 'viewer' | 'operator' | 'other reviewer' | 'this reviewer' | 'admin';
const USERNAMES: Record<Exclude<Who, 'anonymous'>, string> = {
  viewer: 'viewer',
  operator: 'ali.ops',
  'other reviewer': 'ant.reviewer',
  'this reviewer': 'tencent.reviewer',
  admin: 'admin',
};

interface Case {
  verb: Verb;
  from: IntegrationState;
  suspendedBy?: 'operator' | 'reviewer';
  /** Who may; everyone else is refused (anonymous 401, the rest 403). */
  allowed: Who[];
}

// WeChat Pay at Taobao (not requested in the record); Tencent is "this reviewer", Ant Group the other.
const CASES: Case[] = [
  { verb: 'request', from: 'not_requested', allowed: ['operator', 'admin'] },
  { verb: 'withdraw', from: 'requested', allowed: ['operator', 'admin'] },
  { verb: 'approve', from: 'requested', allowed: ['this reviewer', 'admin'] },
  { verb: 'reject', from: 'requested', allowed: ['this reviewer', 'admin'] },
  { verb: 'launch', from: 'approved', allowed: ['operator', 'admin'] },
  { verb: 'adjust', from: 'live', allowed: ['operator', 'admin'] },
  { verb: 'suspend', from: 'live', allowed: ['operator', 'this reviewer', 'admin'] },
  { verb: 'resume', from: 'suspended', suspendedBy: 'operator', allowed: ['operator', 'admin'] },
  { verb: 'resume', from: 'suspended', suspendedBy: 'reviewer', allowed: ['this reviewer', 'admin'] },
  { verb: 'revoke', from: 'live', allowed: ['this reviewer', 'admin'] },
];
const WHO: Who[] = ['anonymous', 'viewer', 'operator', 'other reviewer', 'this reviewer', 'admin'];
const tencentReviewer = {
  username: 'tencent.reviewer',
  displayName: 'Tencent reviewer',
  role: 'reviewer',
  groupSlug: null,
  providerSlug: 'tencent',
} as const;

function setUp(world: TestWorld, c: Case): number {
  return putInState(
    world,
    'taobao',
    'wechat-pay',
    c.from,
    c.suspendedBy === 'reviewer' ? tencentReviewer : c.suspendedBy === 'operator' ? actors.aliOps : actors.admin,
  );
}

const fieldsFor = (verb: Verb, version: number) => ({
  expectedVersion: version,
  reason: `roles test ${verb}`,
  ...(verb === 'adjust' && { rolloutPercent: 30 }),
});

describe('every console action against every role', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  for (const c of CASES) {
    for (const who of WHO) {
      const allowed = c.allowed.includes(who);
      it(`${c.verb} from ${c.from}${c.suspendedBy ? ` (suspended by the ${c.suspendedBy})` : ''}: ${who} ${allowed ? 'may' : 'is refused'}`, async () => {
        const version = setUp(world, c);
        const before = integrationRows(world, 'taobao', 'wechat-pay');
        const browser = who === 'anonymous' ? await browserAgent(world) : await signedInAs(world, USERNAMES[who]);
        // confirmed: the answer of the confirmation page that withdraw, suspend and revoke show first.
        const res = await browser.form(`/console/integrations/taobao/wechat-pay/${c.verb}`, {
          ...fieldsFor(c.verb, version),
          confirmed: 'yes',
        });
        const after = integrationRows(world, 'taobao', 'wechat-pay');
        if (allowed) {
          expect(res.status).toBe(303);
          expect(after.events).toBe(before.events + 1);
          expect(after.row.version).toBe(version + 1);
        } else {
          expect(res.status).toBe(who === 'anonymous' ? 401 : 403);
          expect(after).toEqual(before);
        }
      });
    }
  }
});

describe('every API action against every role', () => {
  let world: TestWorld;
  const tokens = new Map<Who, string>();
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    for (const [who, username] of Object.entries(USERNAMES)) tokens.set(who as Who, apiTokenFor(world, username));
    return () => world.close();
  });

  for (const c of CASES) {
    it(`${c.verb} from ${c.from}${c.suspendedBy ? ` (suspended by the ${c.suspendedBy})` : ''}: only ${c.allowed.join(' and ')}`, async () => {
      for (const who of WHO) {
        const version = setUp(world, c);
        const before = integrationRows(world, 'taobao', 'wechat-pay');
        let req = supertest(world.app).post(`/api/integrations/taobao/wechat-pay/${c.verb}`);
        if (who !== 'anonymous') req = req.set('Authorization', `Bearer ${tokens.get(who)}`);
        const res = await req.send(fieldsFor(c.verb, version));
        const after = integrationRows(world, 'taobao', 'wechat-pay');
        if (c.allowed.includes(who)) {
          expect(res.status, who).toBe(200);
          expect(res.body.event).toMatchObject({ verb: c.verb, actor: USERNAMES[who as Exclude<Who, 'anonymous'>] });
          expect(after.events, who).toBe(before.events + 1);
        } else {
          expect(res.status, who).toBe(who === 'anonymous' ? 401 : 403);
          expect(res.type).toBe('application/problem+json');
          expect(after, who).toEqual(before);
        }
      }
    });
  }
});
