import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, projectRoot } from '../src/project-root.ts';

// That the bundled server (dist/server.js, what npm start runs) finds them is checked by
// test/reliability/bundled-server.test.ts: it builds and starts a server process.
describe('the project root', () => {
  it('is the folder with package.json, views/, public/ and db/, from src/ or from deeper down (dist/)', () => {
    for (const folder of ['views', 'public', 'db/migrations', 'db/scenarios']) expect(existsSync(join(PROJECT_ROOT, folder))).toBe(true);
    expect(projectRoot(join(PROJECT_ROOT, 'dist', 'nested'))).toBe(PROJECT_ROOT);
  });
});
