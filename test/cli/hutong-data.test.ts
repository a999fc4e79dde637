import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../../src/cli/hutong-args.ts';
import { dataPaths, refuseWhileServed, runningServer } from '../../src/cli/hutong-data.ts';

describe('hutong reset and serve: a data folder held by a running server', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hutong-data-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lockWith = (pid: number) => {
    const paths = dataPaths(dir);
    mkdirSync(paths.root, { recursive: true });
    writeFileSync(paths.lock, JSON.stringify({ pid, url: 'http://127.0.0.1:3000', startedAt: '2026-12-06T17:00:00.000Z' }));
    return paths;
  };

  it('keeps its database in ./.hutong unless --data names another folder', () => {
    expect(dataPaths(undefined).database).toBe(join(process.cwd(), '.hutong', 'hutong.sqlite'));
    expect(dataPaths(dir).database).toBe(join(dir, 'hutong.sqlite'));
  });

  it('refuses with exit code 3, naming the pid and address, while the server that wrote the lock is alive', () => {
    // The test runner's parent: a process that is certainly running and is not this one.
    const paths = lockWith(process.ppid);
    let refusal: unknown;
    try {
      refuseWhileServed(paths, 'reset');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CliError);
    expect(refusal).toMatchObject({ code: EXIT.refused });
    expect((refusal as CliError).message).toBe(
      `cannot reset: a Hutong server (pid ${process.ppid}, http://127.0.0.1:3000, since 2026-12-06T17:00:00.000Z) holds ${paths.database}; stop it first.`,
    );
  });

  it('ignores a lock left by a server that was killed (no such process), or no lock at all', () => {
    expect(runningServer(dataPaths(dir))).toBeUndefined();
    // Above the kernel's pid_max (2^22): no process can have it.
    const paths = lockWith(4_194_305);
    expect(runningServer(paths)).toBeUndefined();
    expect(() => refuseWhileServed(paths, 'reset')).not.toThrow();
  });
});
