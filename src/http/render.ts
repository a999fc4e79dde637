import type { Response } from 'express';

type RenderCallback = (error: Error | null, html?: string) => void;

/** Renders `views/<view>.ejs` inside the one layout. */
export function renderPage(
  res: Response,
  view: string,
  locals: Record<string, unknown> & { title: string },
  status = 200,
  callback?: RenderCallback,
): void {
  res.status(status);
  if (callback) res.render('layout', { ...locals, page: view }, callback);
  else res.render('layout', { ...locals, page: view });
}
