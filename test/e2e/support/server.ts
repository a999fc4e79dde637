import Database from 'better-sqlite3';
import { startServer, tempDatabase } from '../../support/server-process.ts';

export interface RunningApp {
  baseUrl: string;
  databasePath: string;
  /** Counts rows in the app's database, read-only, as a check on what the browser did. */
  count(table: string, where?: string, ...params: unknown[]): number;
  stop(): Promise<void>;
}

/** Starts the real server (`src/server.ts`) on a free port with a fresh database in a temp dir. */
export async function startApp(options: { scenario?: 'record' | 'open' | 'walled' } = {}): Promise<RunningApp> {
  const database = tempDatabase();
  const databasePath = database.path;
  const server = await startServer(databasePath, { HUTONG_SCENARIO: options.scenario ?? 'record' }).catch((error: unknown) => {
    database.remove();
    throw error;
  });
  const { child, baseUrl } = server;
  return {
    baseUrl,
    databasePath,
    count(table, where = '1=1', ...params) {
      const db = new Database(databasePath, { readonly: true, fileMustExist: true });
      try {
        return db
          .prepare(`SELECT count(*) FROM ${table} WHERE ${where}`)
          .pluck()
          .get(...params) as number;
      } finally {
        db.close();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await server.exited;
        clearTimeout(timer);
      }
      database.remove();
    },
  };
}
