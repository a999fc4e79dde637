import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { relative } from 'node:path';
import { ROOT } from './processes.ts';

// Usage: tsx bench/profile-summary.ts bench/results/<file>.cpuprofile — self time by function and by package.
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('give a .cpuprofile file');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
// The bundle's frames (dist/server.js) are read back to their source file and line through its source map.
const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const mapFile = `${url.replace(/^file:\/\//, '')}.map`;
    maps.set(url, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null);
  }
  return maps.get(url) ?? null;
}
for (const node of profile.nodes) {
  const frame = node.callFrame as Node['callFrame'] & { columnNumber: number };
  if (!/\/dist\/[^/]+\.js$/.test(frame.url)) continue;
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    frame.url = new URL(entry.originalSource, frame.url).href;
    frame.lineNumber = entry.originalLine;
  }
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

function where(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  if (!path) return '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (nm) return nm[1] as string;
  if (path.startsWith('node:')) return path;
  return relative(ROOT, path);
}

const tally = (key: (n: Node) => string) => {
  const sums = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (node) sums.set(key(node), (sums.get(key(node)) ?? 0) + ms);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, 25);
};
const pct = (ms: number) => `${((ms / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`total sampled ${Math.round(total)} ms\n\nself time by package or file:`);
for (const [k, ms] of tally((n) => where(n.callFrame.url))) console.log(`${pct(ms)}  ${k}`);
console.log('\nself time by function:');
for (const [k, ms] of tally((n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`))
  console.log(`${pct(ms)}  ${k}`);

// Inclusive time: what a function and everything it called cost (recursion counted once per stack).
const children = new Map<number, number[]>();
for (const n of profile.nodes as Array<Node & { children?: number[] }>) children.set(n.id, n.children ?? []);
const inclusive = new Map<string, number>();
const walk = (id: number, onStack: Set<string>): number => {
  const node = byId.get(id) as Node;
  let ms = selfMs.get(id) ?? 0;
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${where(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  const fresh = !onStack.has(key);
  if (fresh) onStack.add(key);
  for (const child of children.get(id) ?? []) ms += walk(child, onStack);
  if (fresh) {
    onStack.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
  }
  return ms;
};
const root = profile.nodes[0];
if (root) walk(root.id, new Set());
console.log('\ninclusive time, functions in src/ and views/:');
for (const [k, ms] of [...inclusive]
  .filter(([k]) => /\s(src\/|"\/)/.test(k) || /views/.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 25))
  console.log(`${pct(ms)}  ${k}`);
console.log('\ninclusive time, middleware and libraries:');
for (const [k, ms] of [...inclusive]
  .filter(([k]) => /\s(helmet|body-parser|ejs|express|router|better-sqlite3|pino|serve-static|send)/.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 20))
  console.log(`${pct(ms)}  ${k}`);
