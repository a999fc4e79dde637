import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { Refusal } from '../domain/errors.ts';
import { sendCsvProblem } from './csv.ts';
import { errorsByField, HttpProblem, PROBLEMS, sendProblem, type Problem, type ProblemCode } from './problem.ts';
import { renderPage } from './render.ts';

/** What a form route gets back when its handler was refused: re-render with these. */
export interface FormFailure {
  status: number;
  code: ProblemCode;
  message: string;
  /** Field errors keyed by the form's field names. */
  errors: Record<string, string>;
  /** What the person sent, to put back in the fields. */
  values: Record<string, unknown>;
}

/** Re-renders the page a form came from; false when it cannot (the error page is shown instead). */
export type FormRenderer = (req: Request, res: Response, failure: FormFailure) => boolean | void;

/** What a route declares for the error handler, in res.locals (see rendersForm and answersAs). */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The route's form, re-rendered with a refusal's field errors and the values sent. */
      formRenderer?: (failure: FormFailure) => boolean | void;
      /** An export's format: its errors come back in it. */
      errorFormat?: 'json' | 'csv';
    }
  }
}

/**
 * Declares the page a route re-renders when its handler is refused (400/401/409/422/429).
 * Put it after the route's guard: a person who may not use the route gets the error page.
 */
export function rendersForm(render: FormRenderer): RequestHandler {
  return (req, res, next) => {
    // The error handler runs outside the route, where Express has reset req.params: keep the route's.
    const params = req.params;
    res.locals.formRenderer = (failure: FormFailure) => {
      req.params = params;
      return render(req, res, failure);
    };
    next();
  };
}

/** Declares the format of an export route's answers, errors included. */
export function answersAs(format: 'json' | 'csv'): RequestHandler {
  return (_req, res, next) => {
    res.locals.errorFormat = format;
    next();
  };
}

interface ParserError {
  status?: unknown;
  type?: unknown;
}

const PARSER_PROBLEMS: Record<string, { code: ProblemCode; detail: string }> = {
  'entity.parse.failed': { code: 'bad_request', detail: 'The request body is not valid JSON or form data.' },
  'entity.too.large': { code: 'payload_too_large', detail: 'The request body is too large (at most 32 KB).' },
  'charset.unsupported': { code: 'unsupported_media_type', detail: 'Send the body as UTF-8.' },
  'encoding.unsupported': { code: 'unsupported_media_type', detail: 'Send the body as UTF-8 without a content encoding.' },
  'parameters.too.many': { code: 'payload_too_large', detail: 'The form has too many fields.' },
};

/** Any error as a problem: refusals keep their code, body-parser errors are 4xx, the rest a logged 500. */
export function toProblem(error: unknown, req: Request, logger: Logger): Problem {
  if (error instanceof Refusal) {
    const { errors = [], ...extra } = error.details;
    if (error.kind === 'forbidden' || error.kind === 'unauthorized') {
      logger.warn({ method: req.method, path: req.originalUrl.split('?')[0], code: error.kind }, 'refused');
    }
    return { code: error.kind, detail: error.message, errors, extra };
  }
  if (error instanceof HttpProblem) return { code: error.code, detail: error.message, errors: [], extra: {} };
  const parser: ParserError =
    typeof error === 'object' && error !== null
      ? { status: 'status' in error ? error.status : undefined, type: 'type' in error ? error.type : undefined }
      : {};
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    const known = (typeof parser.type === 'string' && PARSER_PROBLEMS[parser.type]) ||
      (parser.status === 413 && PARSER_PROBLEMS['entity.too.large']) ||
      (parser.status === 415 && PARSER_PROBLEMS['charset.unsupported']) || {
        code: 'bad_request' as const,
        detail: 'The request could not be read (a malformed address or body).',
      };
    return { ...known, errors: [], extra: {} };
  }
  logger.error({ err: error, requestId: req.id, method: req.method, path: req.originalUrl.split('?')[0] }, 'unhandled error');
  return { code: 'internal_error', detail: 'Something went wrong on our side; it has been logged.', errors: [], extra: {} };
}

/** The API's one error policy: problem+json with a stable code, whatever went wrong. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error, req, logger);
    if (!res.headersSent) sendProblem(res, problem);
  };
}

export const apiNotFound: RequestHandler = (req, res) => {
  sendProblem(res, {
    code: 'not_found',
    detail: `There is nothing at ${req.method} ${req.originalUrl.split('?')[0]}.`,
    errors: [],
    extra: {},
  });
};

// 413: a form whose body was too large to read comes back empty, with the message.
const RERENDERED = new Set([400, 401, 409, 413, 422, 429]);

function formValues(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? req.body : {};
}

/** The error page; if even that fails, a bare page, never a stack trace. */
function renderErrorPage(res: Response, problem: Problem, logger: Logger): void {
  const { status, title } = PROBLEMS[problem.code];
  renderPage(res, 'pages/error', { title, status, message: problem.detail, code: problem.code }, status, (error, html) => {
    if (!error) return res.send(html);
    logger.error({ err: error }, 'error page failed to render');
    res.type('text/plain').send(`${title}: ${problem.detail}`);
  });
}

/**
 * The pages' one error policy: an export answers in its own format; a refused form is
 * re-rendered by the renderer its route declared, with the field errors and the values sent;
 * anything else gets the error page.
 */
export function pageErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error, req, logger);
    if (res.headersSent) return;
    const format = res.locals.errorFormat;
    if (format === 'json') return sendProblem(res, problem);
    if (format === 'csv') return sendCsvProblem(res, problem);
    const { status } = PROBLEMS[problem.code];
    const render = res.locals.formRenderer;
    if (render && RERENDERED.has(status)) {
      const failure = {
        status,
        code: problem.code,
        message: problem.detail,
        errors: errorsByField(problem.errors),
        values: formValues(req),
      };
      try {
        if (render(failure) !== false) return;
      } catch (renderError) {
        return renderErrorPage(res, toProblem(renderError, req, logger), logger);
      }
    }
    renderErrorPage(res, problem, logger);
  };
}

export const pageNotFound: RequestHandler = (_req, res) => {
  renderPage(res, 'pages/error', { title: 'Not found', status: 404, message: 'There is no page at this address.', code: 'not_found' }, 404);
};
