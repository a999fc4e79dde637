import { createServer } from 'node:net';
import { scenarioNames } from '../db/scenarios.ts';
import { CliError, EXIT, parseCommand, wholeNumber } from './hutong-args.ts';
import { dataPaths, holdDataFolder, refuseWhileServed } from './hutong-data.ts';

export const serveHelp = `Usage: hutong serve [--port 3000] [--host 127.0.0.1] [--data .hutong] [--scenario record]

Starts Hutong. The database lives in --data (default ./.hutong in this folder), migrated and
loaded with --scenario on its first start (${scenarioNames().join(', ')}); sandboxes beside it.
Listens on loopback unless --host says otherwise. Stop it with Ctrl-C (SIGINT) or SIGTERM.
Other settings are read from the environment as by npm start (HUTONG_DEMO, LOG_LEVEL, …).`;

/** Runs the server of this package in this process, on the data folder's database. */
export async function serve(args: string[]): Promise<void> {
  const { values, positionals } = parseCommand(args, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    data: { type: 'string' },
    scenario: { type: 'string' },
  });
  if (values.help) return console.log(serveHelp);
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}".`);
  const port = wholeNumber('port', values.port, 0, 65535) ?? Number(process.env.PORT ?? 3000);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  if (values.scenario !== undefined && !scenarioNames().includes(values.scenario))
    throw new CliError(`unknown scenario "${values.scenario}"; choose one of: ${scenarioNames().join(', ')}.`);
  const paths = dataPaths(values.data);
  refuseWhileServed(paths, 'serve');
  await refuseTakenPort(host, port);
  holdDataFolder(paths, `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  Object.assign(process.env, {
    // As npm start: production unless the caller's environment says otherwise.
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    PORT: String(port),
    HOST: host,
    DATABASE_PATH: paths.database,
    ...(values.scenario ? { HUTONG_SCENARIO: values.scenario } : {}),
  });
  // server.ts reads its configuration from the environment and listens as it is loaded.
  await import('../server.ts');
}

/** A port another process listens on is one line and exit 1, not the server's stack trace. */
function refuseTakenPort(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          `cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'another process uses that port (try --port)' : error.message}.`,
          EXIT.failed,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
