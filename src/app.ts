import express, { type RequestHandler } from 'express';
import { lastErrorHandler, undecodablePaths } from './http/errors.ts';
import { join } from 'node:path';
import { requestLogger } from './http/request-logger.ts';
import { sandboxWorlds } from './http/sandbox-worlds.ts';
import { answerHeaders } from './http/security.ts';
import { appSettings, routeDeps, type AppDeps } from './http/route-deps.ts';
import { visitWorld } from './http/visit.ts';
import { worldRoutes } from './http/world.ts';
import { ejsEngine, ejsTemplates } from './http/view-engine.ts';
import { renderPagesWith } from './http/render.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { viewFormat } from './views-helpers/format.ts';

const ROOT = PROJECT_ROOT;

/** Builds the Express app over a migrated, seeded database. Never listens. */
export function createApp(deps: AppDeps): express.Express {
  const settings = appSettings(deps);
  const ctx = routeDeps(deps);
  const app = express();
  const templates = ejsTemplates();
  const layoutFile = join(ROOT, 'views', 'layout.ejs');
  renderPagesWith(app, (locals) => templates(layoutFile, locals));
  // res.render, for whatever renders without renderPage: the same templates.
  app.engine('ejs', ejsEngine(templates));
  app.set('view engine', 'ejs');
  app.set('views', join(ROOT, 'views'));
  // Views are looked up once; `npm run dev` restarts the process on change anyway.
  app.set('view cache', true);
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  // No weak ETag (a SHA-1 of every body): pages carry a per-visitor CSRF token and the API's
  // answers change with the clock, so they never matched. Routes that have a version set it as
  // the ETag themselves; static assets keep serve-static's.
  app.set('etag', false);
  app.locals.fmt = viewFormat;

  // The security headers and the request's id, on every answer.
  app.use(answerHeaders({ hsts: ctx.secureCookies }));
  // One set of routes for every world; each request's visit says which world it runs in.
  const routes = worldRoutes(settings);
  const defaultWorld: RequestHandler = (req, res, next) => visitWorld(routes, req, res, next, ctx, '');
  app.use(undecodablePaths(defaultWorld));
  app.use('/assets/pico.min.css', express.static(join(ROOT, 'node_modules/@picocss/pico/css/pico.min.css'), { maxAge: '1d' }));
  app.use('/assets', express.static(join(ROOT, 'public'), { maxAge: '1h' }));
  // Below `info` (production runs at `warn`) there is no per-request logging at all, not even a check.
  if (ctx.logger.isLevelEnabled('info')) app.use(requestLogger(ctx.logger));

  if (deps.sandboxes) app.use('/sandboxes/:sandboxId', sandboxWorlds(deps.sandboxes, deps, settings, routes));
  app.use(defaultWorld);
  // Each world has its own error policy; this one answers whatever got past them, never Express's page.
  app.use(lastErrorHandler(ctx.logger));
  return app;
}
