import ejs from 'ejs';
import fs from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';

type Locals = object;
type Render = (locals: Locals) => string;
type RenderCallback = (error: Error | null, html?: string) => void;
type Compiled = (locals: Locals, escapeFn: (s: unknown) => string, include: (path: string, data?: object) => string) => string;

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'await implements package protected interface private public undefined NaN Infinity arguments eval ' +
    'locals escapeFn include rethrow __output __append __line __lines __filename'
  ).split(' '),
);

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIALS = /[&<>"']/g;
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * What EJS's `escapeXML` writes for `<%= %>`, character for character, but a string with
 * nothing to escape (most of a page's values) is returned as it is, without a replace.
 */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIALS, (c) => ESCAPED[c] ?? c) : text;
}

/**
 * Every name a template's code could read from its locals: each identifier in its `<% %>` tags
 * that is not a property (`.name`; a spread `...name` is a name), a keyword or EJS's own. Words
 * in strings and the template's own variables come along too: they cost a look-up, nothing else.
 */
export function namesIn(template: string): string[] {
  const names = new Set<string>();
  for (const tag of template.matchAll(/<%([\s\S]*?)%>/g)) {
    const code = tag[1] ?? '';
    for (const match of code.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const at = match.index;
      if (at > 0 && /[\w$]/.test(code.charAt(at - 1))) continue;
      if (code[at - 1] === '.' && code.slice(Math.max(0, at - 3), at) !== '...') continue;
      if (!RESERVED.has(match[0])) names.add(match[0]);
    }
  }
  return [...names].sort();
}

/**
 * A template compiled without EJS's `with (locals)`: V8 looks every name inside a `with` up at run
 * time, through the locals' prototype chain, which made rendering 2–3× slower. The template's
 * code runs inside a function that first binds each name it could read to the local of that name,
 * or, for a name only the global object has (`Math`, `JSON`), to the global, as `with` did.
 */
function compileWithoutWith(text: string, file: string): Compiled {
  const body = ejs.compile(text, { client: true, filename: file, _with: false, localsName: 'locals' });
  const bindings = namesIn(text).map((name) =>
    name in globalThis ? `${name} = ${JSON.stringify(name)} in locals ? locals.${name} : globalThis.${name}` : `${name} = locals.${name}`,
  );
  const declare = bindings.length > 0 ? `var ${bindings.join(',\n  ')};\n` : '';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the template's own code, compiled once, as EJS does
  return new Function('locals, escapeFn, include', `${declare}return (${body.toString()})(locals, escapeFn, include);`) as Compiled;
}

/**
 * EJS with each template compiled once per app (without `with`, see compileWithoutWith) and each `include()` resolved once. EJS's own
 * include checks the file with `existsSync` and copies every local on every call, which made a
 * partial in a loop (a wallet badge on each of 48 storefront cards) cost more than the rest of
 * the page. Here an included template sees its caller's locals through the prototype chain,
 * plus the ones it is given; escaping writes what EJS's does (escapeHtml).
 */
export function ejsEngine(render = ejsTemplates()): (file: string, locals: Locals, callback: RenderCallback) => void {
  return (file, locals, callback) => {
    let html: string;
    try {
      html = render(file, locals);
    } catch (error) {
      return callback(error instanceof Error ? error : new Error(String(error)));
    }
    callback(null, html);
  };
}

/** The templates of `ejsEngine`, rendered at once: `render(file, locals)` is the page's HTML (or throws). */
export function ejsTemplates(): (file: string, locals: Locals) => string {
  const templates = new Map<string, Render>();

  const templateAt = (file: string): Render => {
    const known = templates.get(file);
    if (known) return known;
    const compiled = compileWithoutWith(fs.readFileSync(file, 'utf8'), file);
    const includes = new Map<string, Render>();
    const partialAt = (path: string): Render => {
      let partial = includes.get(path);
      if (!partial) {
        if (isAbsolute(path)) throw new Error(`${file}: include('${path}') must be relative to the including file`);
        const target = resolve(dirname(file), path);
        partial = templateAt(extname(target) ? target : `${target}.ejs`);
        includes.set(path, partial);
      }
      return partial;
    };
    const render: Render = (locals) =>
      compiled(locals, escapeHtml, (path, data) => partialAt(path)(Object.assign(Object.create(locals), data)));
    templates.set(file, render);
    return render;
  };

  return (file, locals) => templateAt(file)(locals);
}
