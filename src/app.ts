import cookieParser from 'cookie-parser';
import express from 'express';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { createPeopleRepositories } from './db/people.ts';
import { createRepositories } from './db/repositories.ts';
import type { Db } from './db/open.ts';
import { serverSecret } from './db/settings.ts';
import type { Clock } from './domain/time.ts';
import { authentication, isApiWrite, isBearerRequest } from './http/auth.ts';
import { csrfProtection } from './http/csrf.ts';
import { errorHandler, notFound } from './http/errors.ts';
import './http/request-context.ts';
import { requestLogger } from './http/request-logger.ts';
import { NO_STORE_PATHS, noStore, securityHeaders } from './http/security.ts';
import { shopperIdentity } from './http/shopper.ts';
import { apiDocsRoutes } from './routes/api-docs.ts';
import { apiIntegrationRoutes } from './routes/api-integrations.ts';
import { apiReviewRoutes } from './routes/api-review.ts';
import { apiStorefrontRoutes } from './routes/api-storefronts.ts';
import { apiTokenRoutes } from './routes/api-tokens.ts';
import { consoleActionRoutes } from './routes/console-actions.ts';
import { consoleRoutes, inboxBadge } from './routes/console.ts';
import { cartRoutes } from './routes/cart.ts';
import { checkoutRoutes } from './routes/checkout.ts';
import { homeRoutes } from './routes/home.ts';
import { orderRoutes } from './routes/orders.ts';
import { reviewRoutes } from './routes/review.ts';
import { signInRoutes } from './routes/sign-in.ts';
import { viewFormat } from './views-helpers/format.ts';

const ROOT = join(import.meta.dirname, '..');

export interface AppDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  config?: Partial<Pick<Config, 'HUTONG_SECURE_COOKIES' | 'HUTONG_DEMO' | 'HUTONG_PUBLIC_REVIEW'>>;
}

export type RouteDeps = ReturnType<typeof routeDeps>;

function routeDeps(deps: AppDeps) {
  return {
    repos: createRepositories(deps.db),
    clock: deps.clock,
    logger: deps.logger ?? pino({ level: 'silent' }),
    secureCookies: deps.config?.HUTONG_SECURE_COOKIES ?? false,
    secret: serverSecret(deps.db),
    people: createPeopleRepositories(deps.db),
    demo: deps.config?.HUTONG_DEMO ?? true,
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

  app.use(requestLogger(ctx.logger));
  app.use(securityHeaders({ hsts: ctx.secureCookies }));
  app.use(NO_STORE_PATHS, noStore);
  app.use('/assets/pico.min.css', express.static(join(ROOT, 'node_modules/@picocss/pico/css/pico.min.css'), { maxAge: '1d' }));
  app.use('/assets', express.static(join(ROOT, 'public'), { maxAge: '1h' }));
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }));
  app.use(express.json({ limit: '32kb' }));
  app.use(shopperIdentity({ secureCookies: ctx.secureCookies }));
  app.use((req, res, next) => {
    res.locals.path = req.path;
    Object.defineProperty(res.locals, 'shopperId', { configurable: true, enumerable: true, get: () => req.shopperId });
    next();
  });
  // Before CSRF: a signed-in visitor's tokens are tied to their session.
  app.use(authentication(ctx));
  // API writes ignore the session cookie (a bearer token or nothing), so they need no CSRF token.
  app.use(csrfProtection({ secret: ctx.secret, isBearer: (req) => isBearerRequest(req) || isApiWrite(req) }));
  app.use(inboxBadge(ctx));

  app.use(homeRoutes(ctx));
  app.use(cartRoutes(ctx));
  app.use(checkoutRoutes(ctx));
  app.use(orderRoutes(ctx));
  app.use('/api', apiStorefrontRoutes(ctx));
  app.use(signInRoutes(ctx));
  app.use(apiTokenRoutes(ctx));
  app.use(consoleRoutes(ctx));
  app.use(consoleActionRoutes(ctx));
  app.use('/api', apiIntegrationRoutes(ctx));
  app.use('/api', apiDocsRoutes());

  const publicReview = deps.config?.HUTONG_PUBLIC_REVIEW ?? true;
  app.use('/review', reviewRoutes(ctx, { publicReview }));
  app.use('/api', apiReviewRoutes(ctx, { publicReview }));

  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return app;
}
