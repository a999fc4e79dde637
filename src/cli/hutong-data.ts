import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CliError, EXIT } from './hutong-args.ts';

/** Where `hutong` keeps a world: ./.hutong in the folder it runs from, or --data DIR. */
export function dataPaths(dir: string | undefined) {
  const root = resolve(dir ?? '.hutong');
  return {
    root,
    database: join(root, 'hutong.sqlite'),
    sandboxes: join(root, 'sandboxes'),
    /** Written by `hutong serve` while it runs: its pid, address and start time. */
    lock: join(root, 'server.json'),
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;

/** The lock a serving process writes in its data folder, as read back (anything else is no lock). */
const LockFile = z.object({ pid: z.number().int().positive(), url: z.string(), startedAt: z.string() });
type LockFile = z.infer<typeof LockFile>;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** The server holding this data folder, if one is running (a lock left by a killed server is ignored). */
export function runningServer(paths: DataPaths): LockFile | undefined {
  const lock = readLock(paths);
  return lock && lock.pid !== process.pid && alive(lock.pid) ? lock : undefined;
}

function readLock(paths: DataPaths): LockFile | undefined {
  if (!existsSync(paths.lock)) return undefined;
  try {
    const lock = LockFile.safeParse(JSON.parse(readFileSync(paths.lock, 'utf8')));
    return lock.success ? lock.data : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses, naming the process, while a server holds the database. */
export function refuseWhileServed(paths: DataPaths, doing: string): void {
  const server = runningServer(paths);
  if (server)
    throw new CliError(
      `cannot ${doing}: a Hutong server (pid ${server.pid}, ${server.url}, since ${server.startedAt}) holds ${paths.database}; stop it first.`,
      EXIT.refused,
    );
}

/** Marks the data folder as served by this process until it exits. */
export function holdDataFolder(paths: DataPaths, url: string): void {
  mkdirSync(paths.root, { recursive: true });
  const lock: LockFile = { pid: process.pid, url, startedAt: new Date().toISOString() };
  writeFileSync(paths.lock, `${JSON.stringify(lock)}\n`);
  process.on('exit', () => {
    if (readLock(paths)?.pid === process.pid) rmSync(paths.lock, { force: true });
  });
}
