import type { Application, Response } from 'express';
import type { ViewModels, ViewName } from './view-models.ts';

type RenderCallback = (error: Error | null, html?: string) => void;
type Layout = (locals: object) => string;

/** The layout each app renders its pages in (see `renderPagesWith`); an app without one renders through Express. */
const layouts = new WeakMap<Application, Layout>();

/**
 * Pages of `app` render `layout` at once, with their locals in front of the response's (then the
 * app's): what `res.render` would see, without copying every local of the app and the response
 * into a new object for each page, nor Express's view look-up and callback in between.
 */
export function renderPagesWith(app: Application, layout: Layout): void {
  layouts.set(app, layout);
}

function renderNow(res: Response, layout: Layout, view: ViewName, locals: object): string {
  const data: object = Object.assign(Object.create(res.locals), res.app.locals, locals, { page: view });
  return layout(data);
}

/** Renders `views/<view>.ejs` inside the one layout, with the view's own model (see view-models.ts). */
export function renderPage<V extends ViewName>(
  res: Response,
  view: V,
  locals: ViewModels[V],
  status = 200,
  callback?: RenderCallback,
): void {
  res.status(status);
  const layout = layouts.get(res.app);
  if (!layout) {
    if (callback) res.render('layout', { ...locals, page: view }, callback);
    else res.render('layout', { ...locals, page: view });
    return;
  }
  if (!callback) {
    res.send(renderNow(res, layout, view, locals));
    return;
  }
  let html: string;
  try {
    html = renderNow(res, layout, view, locals);
  } catch (error) {
    return callback(error instanceof Error ? error : new Error(String(error)));
  }
  callback(null, html);
}
