import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * npm pack's build (prepack): dist/cli.js (`npx hutong`, the server inside), dist/client.js and dist/playwright.js
 * as plain JavaScript sharing their chunks (one HutongProblem class for both), and their declarations in dist/types.
 */
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/hutong.ts', client: 'src/client/index.ts', playwright: 'src/playwright/index.ts' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
});
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

// tsc keeps the sources' `.ts` specifiers in declarations; a project without allowImportingTsExtensions wants `.js`.
const TYPES = 'dist/types';
for (const file of readdirSync(TYPES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'))) {
  const path = join(TYPES, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.{1,2}\/[^']+)\.ts'/g, "$1.js'"));
}
