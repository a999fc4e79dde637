import type { Response } from 'express';

/** Renders `views/<view>.ejs` inside the one layout. */
export function renderPage(res: Response, view: string, locals: Record<string, unknown> & { title: string }, status = 200): void {
  res.status(status).render('layout', { ...locals, page: view });
}
