import type { Response } from 'express';
import type { ViewModels, ViewName } from './view-models.ts';

type RenderCallback = (error: Error | null, html?: string) => void;

/** Renders `views/<view>.ejs` inside the one layout, with the view's own model (see view-models.ts). */
export function renderPage<V extends ViewName>(
  res: Response,
  view: V,
  locals: ViewModels[V],
  status = 200,
  callback?: RenderCallback,
): void {
  res.status(status);
  if (callback) res.render('layout', { ...locals, page: view }, callback);
  else res.render('layout', { ...locals, page: view });
}
