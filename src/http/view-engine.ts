import ejs from 'ejs';
import fs from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';

type Locals = object;
type Render = (locals: Locals) => string;
type RenderCallback = (error: Error | null, html?: string) => void;

/**
 * EJS with each template compiled once per app and each `include()` resolved once. EJS's own
 * include checks the file with `existsSync` and copies every local on every call, which made a
 * partial in a loop (a wallet badge on each of 48 storefront cards) cost more than the rest of
 * the page. Here an included template sees its caller's locals through the prototype chain,
 * plus the ones it is given; escaping is EJS's own.
 */
export function ejsEngine(): (file: string, locals: Locals, callback: RenderCallback) => void {
  const templates = new Map<string, Render>();

  const templateAt = (file: string): Render => {
    const known = templates.get(file);
    if (known) return known;
    const compiled = ejs.compile(fs.readFileSync(file, 'utf8'), { client: true, filename: file });
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
    const render: Render = (locals) => compiled(locals, ejs.escapeXML,
      (path, data) => partialAt(path)(Object.assign(Object.create(locals), data)));
    templates.set(file, render);
    return render;
  };

  return (file, locals, callback) => {
    let html: string;
    try {
      html = templateAt(file)(locals);
    } catch (error) {
      return callback(error instanceof Error ? error : new Error(String(error)));
    }
    callback(null, html);
  };
}
