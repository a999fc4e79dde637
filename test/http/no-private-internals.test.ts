import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/project-root.ts';

/**
 * What Express and its router keep for themselves: the app's router (`app._router`, `app.router`),
 * a router's or a route's list of layers (`.stack`), a layer's handler, matcher and keys
 * (`layer.handle`, `.regexp`, `.keys`), and any other underscored property. An error's own
 * `.stack` is a public property and is allowed.
 */
const PRIVATE_READS: ReadonlyArray<[RegExp, string]> = [
  [/\b_router\b/, 'the app’s private router (_router)'],
  [/\bapp\.router\b/, 'the app’s router'],
  [/\b(?!err\b|error\b|cause\b|e\b)[A-Za-z_$][\w$]*\??\.stack\b/, 'a list of layers (.stack)'],
  [/\]\??\.stack\b|\)\??\.stack\b/, 'a list of layers (.stack)'],
  [/\blayers?\b[^\n]*\.(?:handle|regexp|keys|route)\b/i, 'a layer’s internals'],
  [/\.(?:handle_request|handle_error|process_params)\b/, 'a router’s private methods'],
  // `x._name`: an underscored property read (a form field read as body._csrf is a string key, allowed by name).
  [/[\w)\]]\??\._(?!csrf\b)[A-Za-z]\w*/, 'an underscored (private) property'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:ts|mts)$/.test(entry.name) ? [path] : [];
  });
}

/** Lines of `text` that read one of the private properties, without comments. */
function privateReads(text: string): string[] {
  const found: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
    const read = PRIVATE_READS.find(([pattern]) => pattern.test(line));
    if (read) found.push(`${i + 1}: ${read[1]}: ${raw.trim()}`);
  }
  return found;
}

describe('no source file reads Express’s or its router’s private properties', () => {
  it('finds a read of each kind in a made-up file (the check can fail)', () => {
    const made = [
      'const layers = app._router.stack;',
      'for (const layer of router.stack) layer.handle(req, res, next);',
      'const first = routes[0]?.stack;',
      'req.route.stack.length;',
      'res._headers;',
    ].join('\n');
    expect(privateReads(made)).toHaveLength(5);
    expect(privateReads('logger.error({ stack: error.stack }); const token = req.body._csrf;')).toEqual([]);
  });

  it('finds none in src/', () => {
    const root = join(PROJECT_ROOT, 'src');
    const reads = sourceFiles(root).flatMap((file) =>
      privateReads(readFileSync(file, 'utf8')).map((line) => `${relative(PROJECT_ROOT, file)}:${line}`),
    );
    expect(reads).toEqual([]);
  });
});
