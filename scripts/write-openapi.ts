import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openApiDocument } from '../src/http/route-table-api.ts';

/** Writes /api/openapi.json to a file (default build/openapi.json) for linters and client generators. */
const out = process.argv[2] ?? 'build/openapi.json';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${out}`);
