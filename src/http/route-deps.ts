import pino, { type Logger } from 'pino';
import type { SandboxManager } from '../actions/sandboxes.ts';
import { lookupAll, type HostResolver } from '../actions/webhook-target.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/open.ts';
import { groupCommit } from '../db/group-commit.ts';
import { createPeopleRepositories } from '../db/people.ts';
import { reviewSourcesOf } from '../actions/review.ts';
import { createRepositories, type Repositories } from '../db/repositories.ts';
import { serverSecret } from '../db/settings.ts';
import type { Clock } from '../domain/time.ts';
import { parseAllowList } from '../domain/webhooks.ts';

export interface AppDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  config?: Partial<Pick<Config, 'HUTONG_SECURE_COOKIES' | 'HUTONG_DEMO' | 'HUTONG_PUBLIC_REVIEW' | 'HUTONG_WEBHOOK_ALLOW'>>;
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
    /** The sandboxes this server serves (none: no sandbox routes). */
    sandboxes: deps.sandboxes,
  };
}

/** One world (the default one or a sandbox's), as a request's visit resolves it: its database, clock, repositories and the app's settings. */
export type RouteDeps = ReturnType<typeof routeDeps>;

export function routeDeps(deps: AppDeps & { repos?: Repositories; sandbox?: SandboxOf }) {
  const repos = deps.repos ?? createRepositories(deps.db, deps.clock);
  return {
    ...appSettings(deps),
    repos,
    /** The review's queries and its kept diffs, one set per world. */
    reviewSources: reviewSourcesOf(repos),
    // Payments submitted together share one transaction and one fsync (see group-commit.ts).
    paymentBatch: groupCommit(deps.db),
    clock: deps.clock,
    /** Cookies are scoped to the world: a sandbox's live under its own path. */
    cookiePath: deps.sandbox ? deps.sandbox.base : '/',
    secret: serverSecret(deps.db),
    people: createPeopleRepositories(deps.db),
    /** Set in a sandbox's world. */
    sandbox: deps.sandbox,
    /** Set in the default world when sandboxes are served. */
    sandboxes: deps.sandbox ? undefined : deps.sandboxes,
  };
}
