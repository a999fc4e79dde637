import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { Refusal, STATUS_FOR_REFUSAL } from '../domain/errors.ts';
import { sendProblem, titleFor, wantsJson } from './problem.ts';

export const notFound: RequestHandler = (req, res) => {
  if (wantsJson(req)) return sendProblem(res, 404, `There is nothing at ${req.method} ${req.path}.`);
  res.status(404).render('layout', { page: 'pages/error', title: 'Not found', status: 404, message: 'There is no page at this address.' });
};

/** Renders the error page; if even that fails, a bare page, never a stack trace. */
function renderErrorPage(res: Response, status: number, message: string, logger: Logger): void {
  const locals = { page: 'pages/error', title: titleFor(status), status, message, path: res.req.path, shopperId: res.req.shopperId ?? '', csrfToken: res.locals.csrfToken ?? '' };
  res.status(status).render('layout', locals, (error: Error | null, html?: string) => {
    if (!error) return res.send(html);
    logger.error({ err: error }, 'error page failed to render');
    res.type('text/plain').send(`${titleFor(status)}: ${message}`);
  });
}

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** The one place errors become responses: refusals keep their status, parser errors are 4xx, the rest 500 and logged. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let status = 500;
    let message = 'Something went wrong on our side; it has been logged.';
    let extra: Record<string, unknown> = {};
    if (error instanceof Refusal) {
      status = STATUS_FOR_REFUSAL[error.kind];
      message = error.message;
      extra = error.details;
      if (status === 403 || status === 401) logger.warn({ method: req.method, path: req.path, status }, 'refused');
    } else if (typeof error === 'object' && error !== null && ((error as HttpishError).status ?? 500) < 500) {
      const e = error as HttpishError;
      status = e.status ?? 400;
      message = e.type === 'entity.parse.failed' ? 'The request body is not valid JSON or form data.'
        : e.type === 'entity.too.large' ? 'The request body is too large.'
        : e.type === 'charset.unsupported' || e.type === 'encoding.unsupported' ? 'Send the body as UTF-8.'
        : titleFor(status);
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    }
    if (res.headersSent) return;
    if (wantsJson(req)) return sendProblem(res, status, message, extra);
    renderErrorPage(res, status, message, logger);
  };
}
