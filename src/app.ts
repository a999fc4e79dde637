import express from 'express';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { groupCommit } from './db/group-commit.ts';
import { createPeopleRepositories } from './db/people.ts';
import { createRepositories } from './db/repositories.ts';
import type { Db } from './db/open.ts';
import { serverSecret } from './db/settings.ts';
import type { Clock } from './domain/time.ts';
import { parseAllowList } from './domain/webhooks.ts';
import { apiApp } from './http/api-app.ts';
import { pagesApp } from './http/pages-app.ts';
import { requestLogger } from './http/request-logger.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { NO_STORE_PATHS, noStore, securityHeaders } from './http/security.ts';
import { viewFormat } from './views-helpers/format.ts';

const ROOT = PROJECT_ROOT;

export interface AppDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  config?: Partial<Pick<Config, 'HUTONG_SECURE_COOKIES' | 'HUTONG_DEMO' | 'HUTONG_PUBLIC_REVIEW' | 'HUTONG_WEBHOOK_ALLOW'>>;
}

export type RouteDeps = ReturnType<typeof routeDeps>;

function routeDeps(deps: AppDeps) {
  return {
    repos: createRepositories(deps.db, deps.clock),
    // Payments submitted together share one transaction and one fsync (see group-commit.ts).
    paymentBatch: groupCommit(deps.db),
    clock: deps.clock,
    logger: deps.logger ?? pino({ level: 'silent' }),
    secureCookies: deps.config?.HUTONG_SECURE_COOKIES ?? false,
    secret: serverSecret(deps.db),
    people: createPeopleRepositories(deps.db),
    demo: deps.config?.HUTONG_DEMO ?? true,
    webhookAllow: parseAllowList(deps.config?.HUTONG_WEBHOOK_ALLOW ?? 'loopback'),
  };
}

/** Builds the Express app over a migrated, seeded database. Never listens. */
export function createApp(deps: AppDeps): express.Express {
  const ctx = routeDeps(deps);
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', join(ROOT, 'views'));
  // Compiled templates are kept; `npm run dev` restarts the process on change anyway.
  app.set('view cache', true);
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  app.locals.fmt = viewFormat;

  app.use(securityHeaders({ hsts: ctx.secureCookies }));
  app.use(NO_STORE_PATHS, noStore);
  app.use('/assets/pico.min.css', express.static(join(ROOT, 'node_modules/@picocss/pico/css/pico.min.css'), { maxAge: '1d' }));
  app.use('/assets', express.static(join(ROOT, 'public'), { maxAge: '1h' }));
  app.use(requestLogger(ctx.logger));

  const publicReview = deps.config?.HUTONG_PUBLIC_REVIEW ?? true;
  app.use('/api', apiApp(ctx, { publicReview }));
  app.use(pagesApp(ctx, { publicReview }));
  return app;
}
