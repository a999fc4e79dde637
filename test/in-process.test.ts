import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TEST_DIR = import.meta.dirname;
/** What starts, restarts or kills a server process: npm run test:reliability's tools. */
const SERVER_TOOLS = /from '(node:child_process|[./]+support\/(server-process|http-flows|crash-cycles|payment-crash-cycles)\.ts)'/;
/** Runs the db:check command (a process, not a server) and reads its exit code. */
const ALLOWED = new Set(['db/consistency.test.ts']);

describe('npm test runs in process', () => {
  it('no test file outside test/reliability and test/e2e starts a process, so none waits on one', () => {
    const files = readdirSync(TEST_DIR, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.test.ts') && !/^(reliability|e2e)\//.test(file) && !ALLOWED.has(file),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => SERVER_TOOLS.test(readFileSync(join(TEST_DIR, file), 'utf8')))).toEqual([]);
  });
});
