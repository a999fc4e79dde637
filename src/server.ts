import type { Server } from 'node:http';
import pino from 'pino';
import { dirname, join } from 'node:path';
import { sandboxManager } from './actions/sandboxes.ts';
import { applyDue } from './actions/due-items.ts';
import { webhookDispatcher } from './actions/webhook-dispatcher.ts';
import { sandboxQueries } from './db/sandboxes.ts';
import { createApp } from './app.ts';
import { loadConfig, refusalToStart, webhookSettings, type Config } from './config.ts';
import { prepareDatabase } from './db/bootstrap.ts';
import { closeDatabase, openDatabase } from './db/open.ts';
import { createRepositories } from './db/repositories.ts';
import { systemClock } from './domain/time.ts';
import { parseAllowList } from './domain/webhooks.ts';

function main(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const refusal = refusalToStart(config);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  const logger = pino({ level: config.LOG_LEVEL });
  const db = openDatabase(config.DATABASE_PATH);
  const boot = prepareDatabase(db, {
    scenario: config.HUTONG_SCENARIO,
    now: systemClock.now().toISOString(),
    demoPersonas: config.HUTONG_DEMO ? { password: config.HUTONG_DEMO_PASSWORD } : undefined,
  });
  logger.info(
    { database: config.DATABASE_PATH, migrations: boot.migrations, scenario: boot.scenario, loaded: boot.loaded, personas: boot.personas },
    'database ready',
  );

  const dispatcherOptions = {
    logger,
    allow: parseAllowList(config.HUTONG_WEBHOOK_ALLOW),
    ...webhookSettings(config),
  };
  // Each open sandbox runs its own sender for its own outbox; the manager starts and stops it with the world.
  const sandboxes = sandboxManager({
    registry: sandboxQueries(db),
    dir: config.HUTONG_SANDBOX_DIR ?? join(dirname(config.DATABASE_PATH), 'sandboxes'),
    ttlMs: config.HUTONG_SANDBOX_TTL,
    max: config.HUTONG_MAX_SANDBOXES,
    maxOpen: config.HUTONG_MAX_OPEN_SANDBOXES,
    wall: systemClock,
    logger,
    webhooks: dispatcherOptions,
  });

  // Open the sandboxes a previous run used last, so their senders deliver what was still pending.
  const reopened = sandboxes.resume();
  if (reopened > 0) logger.info({ sandboxes: reopened }, 'sandboxes opened again');

  const app = createApp({ db, clock: systemClock, logger, config, sandboxes });
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info(
      { host: config.HOST, port },
      `Hutong is listening on http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`,
    );
  });
  // Not part of createApp: tests build apps without a background sender and drive one themselves.
  const repos = createRepositories(db);
  const webhooks = webhookDispatcher({ ...dispatcherOptions, repos, clock: systemClock });
  webhooks.start();
  // What falls due on real time is applied (changes take effect, orders and keys expire); idle sandboxes expire.
  const housekeeping = setInterval(() => {
    try {
      applyDue(repos, systemClock.now().toISOString());
      sandboxes.sweep();
    } catch (error) {
      logger.error({ err: error }, 'housekeeping failed');
    }
  }, 1000);
  housekeeping.unref();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    server.close(() => {
      clearInterval(housekeeping);
      void Promise.all([webhooks.stop(), sandboxes.closeAll()]).then(() => {
        closeDatabase(db);
        logger.info('database checkpointed and closed');
        process.exit(0);
      });
    });
    // Keep-alive connections go idle as their last response is sent; close them as they do.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      logger.warn('requests still open after 10 s; closing anyway');
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main();
