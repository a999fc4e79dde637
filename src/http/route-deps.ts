import pino, { type Logger } from 'pino';
import type { SandboxManager } from '../actions/sandboxes.ts';
import { lookupAll, type HostResolver } from '../actions/webhook-target.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/open.ts';
import { groupCommit } from '../db/group-commit.ts';
import { createPeopleRepositories, type PeopleRepositories } from '../db/people.ts';
import { reviewSourcesOf } from '../actions/review.ts';
import { createRepositories, type Repositories } from '../db/repositories.ts';
import { serverSecret } from '../db/settings.ts';
import type { Clock } from '../domain/time.ts';
import { parseAllowList } from '../domain/webhooks.ts';

export interface AppDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  config?: Partial<
    Pick<Config, 'HUTONG_SECURE_COOKIES' | 'HUTONG_DEMO' | 'HUTONG_PUBLIC_REVIEW' | 'HUTONG_WEBHOOK_ALLOW' | 'HUTONG_MAGIC_AMOUNTS'>
  >;
  /** The sandboxes this server serves under /sandboxes/:id (none: no sandbox routes). */
  sandboxes?: SandboxManager | undefined;
  /** Resolves webhook URLs' host names when a webhook is made (default: the system's resolver). */
  webhookResolve?: HostResolver;
}

/** What makes a world a sandbox: its id, the base path its pages live under, and who manages it. */
export interface SandboxOf {
  id: string;
  base: string;
  manager: SandboxManager;
}

/**
 * Who people are, in every world: the default (home) world's users, sessions, API tokens and
 * sign-in throttle, on its clock (real time, never a sandbox's frozen clock, so a token expires
 * when it says whatever a sandbox's clock reads). A sandbox holds no people of its own.
 */
export interface Identity {
  people: PeopleRepositories;
  clock: Clock;
}

/** The home world's identity (deps: the default world's database and clock). */
export function homeIdentity(deps: Pick<AppDeps, 'db' | 'clock'>): Identity {
  return { people: createPeopleRepositories(deps.db), clock: deps.clock };
}

/** What every world shares: the app's settings and the sandboxes it serves. */
export type AppSettings = ReturnType<typeof appSettings>;

export function appSettings(deps: AppDeps) {
  return {
    logger: deps.logger ?? pino({ level: 'silent' }),
    secureCookies: deps.config?.HUTONG_SECURE_COOKIES ?? false,
    demo: deps.config?.HUTONG_DEMO ?? true,
    publicReview: deps.config?.HUTONG_PUBLIC_REVIEW ?? true,
    webhookAllow: parseAllowList(deps.config?.HUTONG_WEBHOOK_ALLOW ?? 'loopback'),
    webhookResolve: deps.webhookResolve ?? lookupAll,
    magicAmountsEverywhere: deps.config?.HUTONG_MAGIC_AMOUNTS ?? false,
    /** The sandboxes this server serves (none: no sandbox routes). */
    sandboxes: deps.sandboxes,
  };
}

/** One world (the default one or a sandbox's), as a request's visit resolves it: its database, clock, repositories and the app's settings. */
export type RouteDeps = ReturnType<typeof routeDeps>;

/** `identity`: the home world's (a sandbox's world is given it; the default world's is its own). */
export function routeDeps(deps: AppDeps & { repos?: Repositories; sandbox?: SandboxOf; identity?: Identity }) {
  const repos = deps.repos ?? createRepositories(deps.db, deps.clock);
  const settings = appSettings(deps);
  const { people, clock: realClock } = deps.identity ?? homeIdentity(deps);
  return {
    ...settings,
    repos,
    /** The review's queries and its kept diffs, one set per world. */
    reviewSources: reviewSourcesOf(repos),
    // Payments submitted together share one transaction and one fsync (see group-commit.ts).
    paymentBatch: groupCommit(deps.db),
    clock: deps.clock,
    /** The shopper's cookie is scoped to the world (a sandbox's lives under its own path); the session's is the home world's, at '/'. */
    cookiePath: deps.sandbox ? deps.sandbox.base : '/',
    secret: serverSecret(deps.db),
    /** Sign-in, sessions and tokens: the home world's people on real time, whatever world the request is in. */
    identity: { people, clock: realClock, logger: settings.logger, demo: settings.demo },
    /** Magic amounts choose payment outcomes: always in a sandbox, in the default world with HUTONG_MAGIC_AMOUNTS=1. */
    magicAmounts: settings.magicAmountsEverywhere || deps.sandbox !== undefined,
    /** Set in a sandbox's world. */
    sandbox: deps.sandbox,
    /** Set in the default world when sandboxes are served. */
    sandboxes: deps.sandbox ? undefined : deps.sandboxes,
  };
}
